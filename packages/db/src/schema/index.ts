// The whole c360 schema, one module per domain (see DESIGN.md "The data, in words").
export * from "./access";
