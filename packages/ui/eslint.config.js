import { base, restrictImports, typeChecked } from "@c360/eslint-config/base";

// Shared React components: presentation only, so no data layer and no framework below the portal.
export default [
  ...base,
  ...typeChecked(import.meta.dirname),
  restrictImports(["@c360/api", "@c360/core", "@c360/db", "drizzle-orm", "next"]),
];
