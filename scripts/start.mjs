#!/usr/bin/env node
// `npm start`: build the portal if needed, migrate and seed the database, then serve the portal.
// With no settings it runs on the embedded database in .data/; DATABASE_URL switches to PostgreSQL.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env };
const port = env.PORT || "3000";
env.PORT = port;
env.NODE_ENV = "production";
env.NEXT_TELEMETRY_DISABLED = "1";

function fail(message) {
  console.error(`c360: ${message}`);
  process.exit(1);
}

if (env.DATABASE_URL && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
  fail("DATABASE_URL must start with postgres:// or postgresql:// (unset it to use the embedded database).");
}

// Every process (setup, the portal) must open the same embedded database whatever its working directory.
const dataDir = env.C360_DATA_DIR
  ? isAbsolute(env.C360_DATA_DIR)
    ? env.C360_DATA_DIR
    : resolve(env.C360_DATA_DIR)
  : join(root, ".data");
env.C360_DATA_DIR = dataDir;

// The quick start needs no env file: a secret is generated once and kept beside the data (never committed).
if (!env.NEXTAUTH_SECRET) {
  const secretDir = env.DATABASE_URL ? join(root, ".data") : dataDir;
  const secretFile = join(secretDir, "nextauth-secret");
  if (!existsSync(secretFile)) {
    mkdirSync(secretDir, { recursive: true });
    writeFileSync(secretFile, randomBytes(32).toString("base64"), { mode: 0o600 });
  }
  env.NEXTAUTH_SECRET = readFileSync(secretFile, "utf8").trim();
  console.log(
    `c360: NEXTAUTH_SECRET is not set; using the generated secret in ${secretFile}. Set it yourself in production.`,
  );
}
env.NEXTAUTH_URL ||= `http://localhost:${port}`;

function run(label, command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit", ...options });
  if (result.status !== 0)
    fail(`${label} failed (exit ${result.status ?? result.signal}); see the lines above.`);
}

if (env.C360_SKIP_BUILD !== "1") {
  console.log("c360: building the portal (cached after the first run)…");
  run("the build", process.execPath, [
    join(root, "node_modules", "turbo", "bin", "turbo"),
    "run",
    "build",
    "--filter=@c360/portal",
    "--output-logs=errors-only",
  ]);
}

run("database setup", process.execPath, [join(root, "packages", "cli", "bin", "c360.mjs"), "setup"]);

console.log(
  `c360: portal starting at ${env.NEXTAUTH_URL} (sign in as admin@example.com with password c360-demo)`,
);
const portal = spawn(
  process.execPath,
  [join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", port],
  {
    cwd: join(root, "apps", "portal"),
    env,
    stdio: "inherit",
  },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => portal.kill(signal));
portal.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
