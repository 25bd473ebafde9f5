// Every stored record with the profile it belongs to (record_id is the source's own id), for `c360 export memberships`.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";

export interface Membership {
  recordId: string;
  source: string;
  profileId: string | null;
}

export async function exportMemberships(db: Database): Promise<Membership[]> {
  return queryRows<Membership & Record<string, unknown>>(
    db,
    sql`select s.external_id as "recordId", src.name as "source", s.profile_id as "profileId"
        from source_records s join sources src on src.id = s.source_id
        where s.status = 'active' order by src.name, s.external_id`,
  );
}
