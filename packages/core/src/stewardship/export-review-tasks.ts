// The review queue as rows for a file (`c360 export review-tasks`): for teams that work the queue in bulk, and for
// monitoring how large it is and how sure the engine was.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { parseInput } from "../parse-input";

export const exportReviewTasksInput = z.object({
  /** Which tasks: the open queue by default. */
  status: z.enum(["open", "merged", "rejected", "dismissed", "all"]).default("open"),
});
export type ExportReviewTasksInput = z.input<typeof exportReviewTasksInput>;

export interface ReviewTaskExportRow {
  taskId: string;
  kind: string;
  status: string;
  /** The engine's match probability for the pair (the best pair of a cluster task). */
  matchProbability: number;
  /** c360's record ids, in the task's order. */
  recordIds: string[];
  /** The same records as each source names them: "crm:C-1001". */
  sourceRecordIds: string[];
  profileIds: string[];
  createdAt: Date;
  assigneeEmail: string | null;
}

/** Oldest first, so a bulk tool works the queue in the order it grew; the records' source ids read as the sources write them. */
export async function exportReviewTasks(
  db: Database,
  input: ExportReviewTasksInput = {},
): Promise<ReviewTaskExportRow[]> {
  const data = parseInput(exportReviewTasksInput, input);
  const rows = await queryRows<{
    id: string;
    kind: string;
    status: string;
    score: number | string;
    record_ids: string[];
    source_record_ids: string[] | null;
    profile_ids: string[];
    created_at: Date | string;
    assignee_email: string | null;
  }>(
    db,
    sql`select t.id, t.kind::text as kind, t.status::text as status, t.score, t.record_ids::text[] as record_ids,
          (select array_agg(coalesce(src.name || ':' || r.external_id, '(gone)') order by k.n)
             from unnest(t.record_ids) with ordinality as k(id, n)
             left join source_records r on r.id = k.id left join sources src on src.id = r.source_id) as source_record_ids,
          t.profile_ids::text[] as profile_ids, t.created_at, u.email as assignee_email
        from review_tasks t left join users u on u.id = t.assignee_id
        ${data.status === "all" ? sql`` : sql`where t.status = ${data.status}`}
        order by t.created_at, t.id`,
  );
  return rows.map((row) => ({
    taskId: row.id,
    kind: row.kind,
    status: row.status,
    matchProbability: Number(row.score),
    recordIds: row.record_ids,
    sourceRecordIds: row.source_record_ids ?? [],
    profileIds: row.profile_ids,
    createdAt: new Date(row.created_at),
    assigneeEmail: row.assignee_email,
  }));
}
