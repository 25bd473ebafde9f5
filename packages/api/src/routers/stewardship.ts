// Stewardship: merge, unmerge, split, link and unlink profiles; the review queue and its decisions; overrides of
// golden values. Thin: core validates again, acts in one transaction and audits.
import { clearStewardOverride, setStewardOverride } from "@c360/core/profiles/set-steward-override";
import {
  clearStewardOverrideInput,
  setStewardOverrideInput,
} from "@c360/core/profiles/steward-override-schemas";
import { assignReviewTask } from "@c360/core/stewardship/assign-review-task";
import { decideReviewTask } from "@c360/core/stewardship/decide-review-task";
import { getReviewTask } from "@c360/core/stewardship/get-review-task";
import { linkRecord } from "@c360/core/stewardship/link-record";
import { listMergeEvents } from "@c360/core/stewardship/list-merge-events";
import { listReviewTasks } from "@c360/core/stewardship/list-review-tasks";
import { mergeProfiles } from "@c360/core/stewardship/merge-profiles";
import { splitProfile } from "@c360/core/stewardship/split-profile";
import {
  assignReviewTaskInput,
  decideReviewTaskInput,
  getReviewTaskInput,
  linkRecordInput,
  listMergeEventsInput,
  listReviewTasksInput,
  mergeProfilesInput,
  splitProfileInput,
  unlinkRecordInput,
  unmergeEventInput,
} from "@c360/core/stewardship/stewardship-schemas";
import { unlinkRecord } from "@c360/core/stewardship/unlink-record";
import { unmergeEvent } from "@c360/core/stewardship/unmerge-event";
import type { TRPCRouterRecord } from "@trpc/server";
import { procedureFor } from "../trpc";

// The queue shows candidate pairs of people, so reading it needs the same permission as deciding it.
const steward = () => procedureFor("stewardship:write");

export const stewardshipRouter = {
  // The override is read back through profiles.get, masked like every golden value for roles without profile:pii.
  setGoldenOverride: steward()
    .input(setStewardOverrideInput)
    .mutation(({ ctx, input }) => setStewardOverride(ctx.db, ctx.actor, input)),
  clearGoldenOverride: steward()
    .input(clearStewardOverrideInput)
    .mutation(({ ctx, input }) => clearStewardOverride(ctx.db, ctx.actor, input)),
  mergeProfiles: steward()
    .input(mergeProfilesInput)
    .mutation(({ ctx, input }) => mergeProfiles(ctx.db, ctx.actor, input)),
  unmergeEvent: steward()
    .input(unmergeEventInput)
    .mutation(({ ctx, input }) => unmergeEvent(ctx.db, ctx.actor, input)),
  splitProfile: steward()
    .input(splitProfileInput)
    .mutation(({ ctx, input }) => splitProfile(ctx.db, ctx.actor, input)),
  linkRecord: steward()
    .input(linkRecordInput)
    .mutation(({ ctx, input }) => linkRecord(ctx.db, ctx.actor, input)),
  unlinkRecord: steward()
    .input(unlinkRecordInput)
    .mutation(({ ctx, input }) => unlinkRecord(ctx.db, ctx.actor, input)),
  listReviewTasks: steward()
    .input(listReviewTasksInput.optional())
    .query(({ ctx, input }) => listReviewTasks(ctx.db, ctx.actor, input)),
  getReviewTask: steward()
    .input(getReviewTaskInput)
    .query(({ ctx, input }) => getReviewTask(ctx.db, input)),
  assignReviewTask: steward()
    .input(assignReviewTaskInput)
    .mutation(({ ctx, input }) => assignReviewTask(ctx.db, ctx.actor, input)),
  decideReviewTask: steward()
    .input(decideReviewTaskInput)
    .mutation(({ ctx, input }) => decideReviewTask(ctx.db, ctx.actor, input)),
  listMergeEvents: steward()
    .input(listMergeEventsInput)
    .query(({ ctx, input }) => listMergeEvents(ctx.db, input)),
} satisfies TRPCRouterRecord;
