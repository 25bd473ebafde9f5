import { base, restrictImports, typeChecked } from "@c360/eslint-config/base";

// Layering of docs/architecture.md: the worker runs core's functions; it knows no UI and no API layer.
export default [
  ...base,
  ...typeChecked(import.meta.dirname),
  restrictImports(["@c360/api", "@c360/cli", "react", "next"]),
];
