import { defineConfig } from "vitest/config";

// Each integration test file creates and migrates its own database; on a busy 2-core machine that can take a while.
export default defineConfig({
  test: { testTimeout: 120_000, hookTimeout: 180_000, include: ["src/**/*.test.ts"] },
});
