import { base, restrictImports, typeChecked } from "@c360/eslint-config/base";

// Layering of docs/architecture.md: db knows no domain logic and no UI.
export default [
  ...base,
  ...typeChecked(import.meta.dirname),
  restrictImports(["@c360/core", "@c360/api", "@c360/auth", "@c360/matching", "@c360/cli", "react", "next"]),
];
