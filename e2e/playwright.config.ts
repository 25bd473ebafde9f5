// End-to-end tests: Debian's Chromium against a production build of the portal, on a fresh database.
import { defineConfig } from "@playwright/test";

const port = Number(process.env.C360_E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
/** The port of the webhook receiver the triggers spec starts; the only internal host the portal may post to. */
export const webhookReceiverPort = port + 1;
const dataDir = new URL("./.e2e-data", import.meta.url).pathname;

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["html", { outputFolder: "playwright-report", open: "never" }]],
  use: {
    baseURL,
    screenshot: "on",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    // A fresh embedded database each run (or the PostgreSQL in C360_E2E_DATABASE_URL), the same launcher as npm start.
    command: `rm -rf "${dataDir}" && node ../scripts/start.mjs`,
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      C360_DATA_DIR: dataDir,
      C360_SKIP_BUILD: process.env.C360_SKIP_BUILD ?? "1",
      DATABASE_URL: process.env.C360_E2E_DATABASE_URL ?? "",
      NEXTAUTH_URL: baseURL,
      NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret",
      C360_WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${webhookReceiverPort}`,
    },
  },
});
