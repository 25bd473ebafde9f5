// Proposals: someone who reads profiles (a person, or their agent through MCP) believes two profiles are one
// person, or that records of a profile belong to someone else. A proposal is an open review task in the stewards'
// queue; nothing moves until a steward decides (decideReviewTask merges; a split is made from the profile page).
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError, notFound } from "../errors";
import { parseInput } from "../parse-input";
import { loadActiveModel } from "../resolution/model-store";
import { explainRecordPair } from "./explain-record-pair";
import {
  proposeMergeInput,
  proposeSplitInput,
  type ProposeMergeInput,
  type ProposeSplitInput,
} from "./stewardship-schemas";

export interface ProposalResult {
  taskId: string;
  /** false when the same records already had an open task: the proposal joins it instead of duplicating it. */
  created: boolean;
  recordIds: string[];
}

async function activeMembers(db: Database, profileId: string): Promise<string[]> {
  const [profile] = await queryRows<{ status: string }>(
    db,
    sql`select status::text as status from profiles where id = ${profileId}`,
  );
  if (!profile) throw notFound("Profile", profileId);
  if (profile.status !== "active")
    throw new AppError("CONFLICT", `Profile ${profileId} is ${profile.status}, not active.`, { profileId });
  const rows = await queryRows<{ record_id: string }>(
    db,
    sql`select m.record_id from profile_members m join source_records r on r.id = m.record_id
        where m.profile_id = ${profileId} and r.status = 'active' order by m.record_id limit 1000`,
  );
  return rows.map((r) => r.record_id);
}

async function openTask(
  db: Database,
  input: {
    recordIds: string[];
    profileIds: string[];
    score: number;
    explanation: Record<string, unknown>;
  },
): Promise<ProposalResult> {
  const recordIds = [...input.recordIds].sort();
  const kind = recordIds.length === 2 ? "pair" : "cluster";
  const score = Math.min(1, Math.max(0, input.score));
  const inserted = await queryRows<{ id: string }>(
    db,
    sql`insert into review_tasks (kind, record_ids, profile_ids, score, priority, explanation)
        values (${kind}::review_task_kind, ${`{${recordIds.join(",")}}`}::uuid[], ${`{${input.profileIds.join(",")}}`}::uuid[],
                ${score}, ${recordIds.length}, ${JSON.stringify(input.explanation)}::jsonb)
        on conflict (record_ids) where status = 'open' do nothing
        returning id`,
  );
  if (inserted[0]) return { taskId: inserted[0].id, created: true, recordIds };
  const [existing] = await queryRows<{ id: string }>(
    db,
    sql`select id from review_tasks where status = 'open' and record_ids = ${`{${recordIds.join(",")}}`}::uuid[]`,
  );
  return { taskId: existing!.id, created: false, recordIds };
}

/** Two profiles proposed as one person: a pair task over one record of each, with the model's view of that pair. */
export async function proposeMerge(
  db: Database,
  actor: Actor,
  input: ProposeMergeInput,
): Promise<ProposalResult> {
  const data = parseInput(proposeMergeInput, input);
  if (data.profileIdA === data.profileIdB)
    throw new AppError("BAD_REQUEST", "profileIdB: name two different profiles.");
  const [membersA, membersB] = await Promise.all([
    activeMembers(db, data.profileIdA),
    activeMembers(db, data.profileIdB),
  ]);
  if (!membersA[0] || !membersB[0])
    throw new AppError("CONFLICT", "A profile without active records cannot be merged.");
  const pair = [membersA[0], membersB[0]];
  // The engine's view of the pair when a model exists (stored unmasked: the queue is read by stewards).
  const explanation = (await loadActiveModel(db))
    ? await explainRecordPair(
        db,
        { ...actor, permissions: new Set([...actor.permissions, "profile:pii"]) },
        {
          recordIdA: pair[0]!,
          recordIdB: pair[1]!,
        },
      )
    : null;
  const result = await openTask(db, {
    recordIds: pair,
    profileIds: [data.profileIdA, data.profileIdB],
    score: explanation?.probability ?? 0.5,
    explanation: {
      ...(explanation ? { ...explanation, records: undefined, masked: undefined } : {}),
      proposal: {
        kind: "merge",
        proposedBy: actor.label,
        reason: data.reason,
        profileIds: [data.profileIdA, data.profileIdB],
      },
    },
  });
  await recordAudit(db, actor, {
    action: "stewardship.propose_merge",
    entityType: "review_task",
    entityId: result.taskId,
    details: { profileIds: [data.profileIdA, data.profileIdB], created: result.created },
  });
  return result;
}

/** Records proposed as someone else's: a task over them and one record that stays, for a steward to split. */
export async function proposeSplit(
  db: Database,
  actor: Actor,
  input: ProposeSplitInput,
): Promise<ProposalResult> {
  const data = parseInput(proposeSplitInput, input);
  const members = await activeMembers(db, data.profileId);
  const leaving = [...new Set(data.recordIds)];
  const strangers = leaving.filter((id) => !members.includes(id));
  if (strangers.length)
    throw new AppError(
      "BAD_REQUEST",
      `recordIds: ${strangers.join(", ")} ${strangers.length === 1 ? "is" : "are"} not a record of profile ${data.profileId}.`,
    );
  const staying = members.find((id) => !leaving.includes(id));
  if (!staying)
    throw new AppError("BAD_REQUEST", "recordIds: a split leaves at least one record on the profile.");
  const result = await openTask(db, {
    recordIds: [staying, ...leaving],
    profileIds: [data.profileId],
    score: 0.5,
    explanation: {
      proposal: {
        kind: "split",
        proposedBy: actor.label,
        reason: data.reason,
        profileId: data.profileId,
        leavingRecordIds: leaving,
      },
    },
  });
  await recordAudit(db, actor, {
    action: "stewardship.propose_split",
    entityType: "review_task",
    entityId: result.taskId,
    details: { profileId: data.profileId, records: leaving.length, created: result.created },
  });
  return result;
}
