import { defineConfig } from "vitest/config";

// Unit tests of the portal's server helpers that need neither Next.js nor a database.
export default defineConfig({ test: { include: ["src/**/*.test.ts"] } });
