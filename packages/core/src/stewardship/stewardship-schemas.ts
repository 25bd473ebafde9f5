// Inputs of the stewardship actions, shared by core (which parses them) and the API (which validates with them).
import { z } from "zod";

/** Every steward change says why: the reason is kept on the merge event for whoever reviews it later. */
const reason = z
  .string({ error: "Give a reason: it is kept with the change for whoever reviews it later." })
  .trim()
  .min(1, "Give a reason: it is kept with the change for whoever reviews it later.")
  .max(2000);

const id = z.uuid();

export const mergeProfilesInput = z.object({
  /** Two or more profiles to become one. */
  profileIds: z.array(id).min(2, "Choose at least two profiles to merge."),
  /** The profile that stays; by default the oldest of them. */
  survivorId: id.optional(),
  reason,
  reviewTaskId: id.optional(),
});
export type MergeProfilesInput = z.input<typeof mergeProfilesInput>;

export const unmergeEventInput = z.object({ eventId: id, reason });
export type UnmergeEventInput = z.input<typeof unmergeEventInput>;

export const splitProfileInput = z.object({
  profileId: id,
  /** The records that leave, together, for a new profile. */
  recordIds: z.array(id).min(1, "Choose the records to move out."),
  reason,
});
export type SplitProfileInput = z.input<typeof splitProfileInput>;

export const linkRecordInput = z.object({ recordId: id, profileId: id, reason });
export type LinkRecordInput = z.input<typeof linkRecordInput>;

export const unlinkRecordInput = z.object({ recordId: id, reason });
export type UnlinkRecordInput = z.input<typeof unlinkRecordInput>;

export const decideReviewTaskInput = z.object({
  taskId: id,
  decision: z.enum(["merge", "reject"]),
  note: z.string().trim().max(2000).optional(),
});
export type DecideReviewTaskInput = z.input<typeof decideReviewTaskInput>;

export const assignReviewTaskInput = z.object({
  taskId: id,
  /** null to unassign. */
  assigneeId: id.nullable(),
});
export type AssignReviewTaskInput = z.input<typeof assignReviewTaskInput>;

export const listReviewTasksInput = z.object({
  status: z.enum(["open", "merged", "rejected", "dismissed"]).default("open"),
  /** A user id, "me" for the caller, or "unassigned". */
  assignee: z.union([id, z.literal("me"), z.literal("unassigned")]).optional(),
  /**
   * value: most valuable answer first (probability that it changes the decision x records it moves); score: most
   * likely one person first; age: oldest first.
   */
  sort: z.enum(["value", "score", "age"]).default("value"),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});
export type ListReviewTasksInput = z.input<typeof listReviewTasksInput>;

export const listMergeEventsInput = z.object({
  profileId: id,
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListMergeEventsInput = z.input<typeof listMergeEventsInput>;

export const getReviewTaskInput = z.object({ taskId: id });
export type GetReviewTaskInput = z.input<typeof getReviewTaskInput>;

export const explainRecordPairInput = z.object({
  recordIdA: z.uuid("recordIdA: a source record id is a UUID."),
  recordIdB: z.uuid("recordIdB: a source record id is a UUID."),
});
export type ExplainRecordPairInput = z.input<typeof explainRecordPairInput>;

export const proposeMergeInput = z.object({
  /** The two profiles someone (a person or their agent) believes are one person. */
  profileIdA: z.uuid("profileIdA: a profile id is a UUID."),
  profileIdB: z.uuid("profileIdB: a profile id is a UUID."),
  reason,
});
export type ProposeMergeInput = z.input<typeof proposeMergeInput>;

export const proposeSplitInput = z.object({
  profileId: z.uuid("profileId: a profile id is a UUID."),
  /** Member records believed to be someone else. */
  recordIds: z
    .array(z.uuid("recordIds: record ids are UUIDs."))
    .min(1, "recordIds: name at least one record that belongs to someone else.")
    .max(50, "recordIds: at most 50 records in one proposal."),
  reason,
});
export type ProposeSplitInput = z.input<typeof proposeSplitInput>;
