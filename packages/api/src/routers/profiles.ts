// Profiles: search, the 360 view and its timeline. Thin: core validates, masks for callers without profile:pii
// and audits unmasked reads.
import { getProfileView } from "@c360/core/profiles/get-profile-view";
import { readProfileTimeline } from "@c360/core/profiles/list-profile-timeline";
import {
  getProfileViewInput,
  listProfileTimelineInput,
  searchProfilesInput,
} from "@c360/core/profiles/profile-schemas";
import { searchProfiles } from "@c360/core/profiles/search-profiles";
import { explainRecordPair } from "@c360/core/stewardship/explain-record-pair";
import { explainRecordPairInput } from "@c360/core/stewardship/stewardship-schemas";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

export const profilesRouter = {
  search: procedureFor("profile:read")
    .input(searchProfilesInput)
    .query(({ ctx, input }) => searchProfiles(ctx.db, ctx.actor, input)),
  get: procedureFor("profile:read")
    .input(getProfileViewInput)
    .query(({ ctx, input }) => getProfileView(ctx.db, ctx.actor, input)),
  timeline: procedureFor("profile:read")
    .input(listProfileTimelineInput)
    .query(({ ctx, input }) => readProfileTimeline(ctx.db, ctx.actor, input)),
  // Why two records are or are not one person (the engine's comparison), values masked without profile:pii.
  explainMatch: procedureFor("profile:read")
    .input(explainRecordPairInput)
    .query(({ ctx, input }) => explainRecordPair(ctx.db, ctx.actor, input)),
} satisfies TRPCRouterRecord;
