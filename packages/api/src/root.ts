// The c360 API: one router per domain.
import { activationRouter } from "./routers/activation";
import { adminRouter } from "./routers/admin";
import { catalogRouter } from "./routers/catalog";
import { consentRouter } from "./routers/consent";
import { eventsRouter } from "./routers/events";
import { glossaryRouter } from "./routers/glossary";
import { lineageRouter } from "./routers/lineage";
import { overviewRouter } from "./routers/overview";
import { predictionsRouter } from "./routers/predictions";
import { privacyRouter } from "./routers/privacy";
import { qualityRouter } from "./routers/quality";
import { profilesRouter } from "./routers/profiles";
import { proposalsRouter } from "./routers/proposals";
import { sessionRouter } from "./routers/session";
import { sourcesRouter } from "./routers/sources";
import { stewardshipRouter } from "./routers/stewardship";
import { tokensRouter } from "./routers/tokens";
import { triggersRouter } from "./routers/triggers";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  session: sessionRouter,
  overview: overviewRouter,
  profiles: profilesRouter,
  admin: adminRouter,
  glossary: glossaryRouter,
  catalog: catalogRouter,
  lineage: lineageRouter,
  sources: sourcesRouter,
  stewardship: stewardshipRouter,
  quality: qualityRouter,
  consent: consentRouter,
  activation: activationRouter,
  privacy: privacyRouter,
  triggers: triggersRouter,
  events: eventsRouter,
  proposals: proposalsRouter,
  tokens: tokensRouter,
  predictions: predictionsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
