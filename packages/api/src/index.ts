// Public surface of @c360/api for the portal: the router, its type and the context type.
export { appRouter, createCaller, type AppRouter } from "./root";
export type { Context } from "./trpc";
