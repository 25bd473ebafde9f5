// Public surface of @c360/api for the portal: the router, its type and the context type.
export { appRouter, createCaller, type AppRouter } from "./root";
export type { Context } from "./trpc";

import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter as Router } from "./root";
export type RouterInputs = inferRouterInputs<Router>;
export type RouterOutputs = inferRouterOutputs<Router>;
