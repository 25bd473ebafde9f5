// The c360 API: one router per domain.
import { adminRouter } from "./routers/admin";
import { overviewRouter } from "./routers/overview";
import { sessionRouter } from "./routers/session";
import { stewardshipRouter } from "./routers/stewardship";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  session: sessionRouter,
  overview: overviewRouter,
  admin: adminRouter,
  stewardship: stewardshipRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
