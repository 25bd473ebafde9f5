// The whole c360 schema, one module per domain (see docs/architecture.md).
export * from "./access";
export * from "./sources";
export * from "./records";
export * from "./profiles";
export * from "./stewardship";
export * from "./interactions";
export * from "./consent";
export * from "./privacy";
export * from "./glossary";
export * from "./catalog";
export * from "./quality";
export * from "./activation";
export * from "./relations";
export * from "./overrides";
export * from "./triggers";
export * from "./predictions";
