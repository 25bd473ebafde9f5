import { base, restrictImports, typeChecked } from "@c360/eslint-config/base";

// Layering of docs/architecture.md: the engine imports nothing of ours.
export default [
  ...base,
  ...typeChecked(import.meta.dirname),
  restrictImports([
    "@c360/db",
    "@c360/core",
    "@c360/api",
    "@c360/auth",
    "@c360/cli",
    "drizzle-orm",
    "postgres",
    "react",
    "next",
  ]),
];
