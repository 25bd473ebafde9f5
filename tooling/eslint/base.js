// Shared flat ESLint config: recommended JS + type-aware TypeScript rules, plus the layering rule of docs/architecture.md.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

function ourRules() {
  return {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["warn", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
      // TypeScript already reports undefined names, with knowledge of Node and DOM globals.
      "no-undef": "off",
      // An async function without await is how a Promise-returning interface (a callback, a route, a test double)
      // is implemented plainly; the floating- and misused-promise rules catch the mistakes that matter.
      "@typescript-eslint/require-await": "off",
    },
  };
}

export const base = tseslint.config(
  { ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/drizzle/**", "**/*.config.*"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ourRules(),
  {
    // Settings are read in one place per package (an env module, validated with zod) and passed in, so a
    // misspelt or invalid setting fails at start with its name, not deep inside a request.
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["**/*env.ts", "**/review-policy.ts", "**/*.test.ts", "**/testing.ts", "**/bench/**"],
    rules: {
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message:
            "Read settings in the package's env module (*env.ts), validated with zod, and pass them in.",
        },
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
        {
          patterns: forbidden.map((group) => ({
            group: [group, `${group}/*`],
            message:
              "This import breaks the layering of docs/architecture.md (apps -> api/cli -> core -> matching, db).",
          })),
        },
      ],
    },
  };
}

/**
 * The type-aware rules (typescript-eslint's recommendedTypeChecked: floating promises, unsafe any, needless
 * assertions ...) for a package's TypeScript, with its own tsconfig found by the project service.
 * Usage: `export default [...base, ...typeChecked(import.meta.dirname)]`.
 */
export function typeChecked(tsconfigRootDir) {
  const ts = ["**/*.ts", "**/*.tsx"];
  return [
    ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ts })),
    { files: ts, languageOptions: { parserOptions: { projectService: true, tsconfigRootDir } } },
    { files: ts, ...ourRules() },
    {
      // expect.any(...), expect.objectContaining(...) and friends are typed any by design.
      files: ["**/*.test.ts", "**/*.test.tsx", "**/*.testing.ts"],
      rules: {
        "@typescript-eslint/no-unsafe-assignment": "off",
        "@typescript-eslint/no-unsafe-member-access": "off",
      },
    },
    { files: ["**/*.js", "**/*.mjs", "**/*.cjs"], ...tseslint.configs.disableTypeChecked },
  ];
}
