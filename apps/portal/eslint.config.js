import { base, restrictImports } from "@c360/eslint-config/base";

// The portal talks to the data through the API; it never imports drizzle or SQL directly.
export default [...base, { files: ["src/**"], ...restrictImports(["drizzle-orm"]) }];
