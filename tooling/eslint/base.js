// Shared flat ESLint config: recommended JS + type-aware TypeScript rules, plus the layering rule of docs/architecture.md.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export const base = tseslint.config(
  { ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/drizzle/**", "**/*.config.*"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["warn", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
      // TypeScript already reports undefined names, with knowledge of Node and DOM globals.
      "no-undef": "off",
    },
  },
  {
    // Settings are read in one place per package (an env module, validated with zod) and passed in, so a
    // misspelt or invalid setting fails at start with its name, not deep inside a request.
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["**/*env.ts", "**/review-policy.ts", "**/*.test.ts", "**/testing.ts", "**/bench/**"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read settings in the package's env module (*env.ts), validated with zod, and pass them in." },
      ],
    },
  },
);

/** Forbid imports that point up the layering apps -> api -> core -> (matching, db). */
export function restrictImports(forbidden) {
  return {
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: forbidden.map((group) => ({ group: [group, `${group}/*`], message: "This import breaks the layering of docs/architecture.md (apps -> api/cli -> core -> matching, db)." })) },
      ],
    },
  };
}
