/** Shared Prettier configuration for every c360 package. */
export default { printWidth: 110, singleQuote: false, trailingComma: "all" };
