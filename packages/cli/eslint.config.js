import { base, restrictImports, typeChecked } from "@c360/eslint-config/base";

// Layering of docs/architecture.md: the CLI is an app over core, beside the API; it knows no API router and no UI.
export default [
  ...base,
  ...typeChecked(import.meta.dirname),
  restrictImports(["@c360/api", "@c360/portal", "@c360/ui", "react", "next"]),
];
