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
