import { base, restrictImports } from "@c360/eslint-config/base";

// Layering of docs/architecture.md: core sits under the API and knows no UI.
export default [...base, restrictImports(["@c360/api", "@c360/cli", "react", "next"])];
