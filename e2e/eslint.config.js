import { base } from "@c360/eslint-config/base";

export default base;
