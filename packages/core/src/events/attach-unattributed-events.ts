// Events waiting for their person are attached as soon as the identity arrives (decision 0901): a record with the
// userId they name (directly, or through the identify/alias of their anonymousId), or an email or phone they carried
// that now belongs to exactly one profile. Called after records are imported and resolved, and by the worker's sweep.
import type { Database } from "@c360/db/client";
import { inTransaction, queryRows } from "@c360/db/client";
import { sql, type SQL } from "drizzle-orm";
import { notifyProfileChanges } from "../profiles/notify-profile-changes";

export interface AttachOptions {
  /** Only identities of these records (just imported or changed); all waiting events otherwise. */
  recordIds?: readonly string[];
}

/** Records of a source, joined to the event sources whose userIds name that source's records. */
const eventSourcesOf = sql`(select s.id as event_source_id, coalesce(st.user_id_source_id, s.id) as uid_source_id
    from sources s left join event_source_settings st on st.source_id = s.id)`;

function recordFilter(alias: string, recordIds: readonly string[] | undefined): SQL {
  if (!recordIds) return sql``;
  return sql` and ${sql.raw(alias)}.id in (select jsonb_array_elements_text(${JSON.stringify(recordIds)}::jsonb)::uuid)`;
}

function byContact(kind: "email" | "phone", recordIds: readonly string[] | undefined): SQL {
  const column = sql.raw(kind === "email" ? "contact_email" : "contact_phone");
  const key = sql.raw(`'${kind}'`);
  const wanted = recordIds
    ? sql`and i.${column} in (select r.standardized ->> ${key} from source_records r where true${recordFilter("r", recordIds)})`
    : sql``;
  return sql`with wanted as (
      select distinct i.${column} as value from interactions i
      where i.unattributed_reason is not null and i.${column} is not null ${wanted}
    ), owners as (
      select w.value, (array_agg(r.id order by r.id))[1] as rec, (array_agg(r.profile_id))[1] as profile,
        count(distinct r.profile_id) as profiles
      from wanted w join source_records r on r.standardized ->> ${key} = w.value and r.status = 'active' and r.profile_id is not null
      group by w.value
    )
    update interactions i set source_record_id = o.rec, profile_id = o.profile, attributed_by = ${key}::event_attribution,
      unattributed_reason = null
    from owners o
    where o.profiles = 1 and i.${column} = o.value and i.unattributed_reason is not null
    returning i.profile_id`;
}

/** Attaches waiting events whose person is now known; returns how many moved. */
export async function attachUnattributedEvents(db: Database, options: AttachOptions = {}): Promise<number> {
  const ids = options.recordIds;
  if (ids && ids.length === 0) return 0;
  const [waiting] = await queryRows<{ any: boolean }>(
    db,
    sql`select exists (select 1 from interactions where unattributed_reason is not null) as any`,
  );
  if (!waiting?.any) return 0;
  return inTransaction(db, async (tx) => {
    const profiles = new Set<string>();
    let moved = 0;
    const count = (rows: { profile_id: string | null }[]) => {
      for (const r of rows) if (r.profile_id) profiles.add(r.profile_id);
      return rows.length;
    };
    // userId first, then anonymousId through its alias, then email, then phone: the order of attribution.
    moved += count(
      await queryRows<{ profile_id: string | null }>(
        tx,
        sql`update interactions i set source_record_id = r.id, profile_id = r.profile_id, attributed_by = 'user_id',
              unattributed_reason = null
            from source_records r join ${eventSourcesOf} es on es.uid_source_id = r.source_id
            where r.status = 'active'${recordFilter("r", ids)}
              and i.source_id = es.event_source_id and i.user_id = r.external_id and i.unattributed_reason is not null
            returning i.profile_id`,
      ),
    );
    moved += count(
      await queryRows<{ profile_id: string | null }>(
        tx,
        sql`update interactions i set source_record_id = r.id, profile_id = r.profile_id, attributed_by = 'anonymous_id',
              unattributed_reason = null
            from source_records r join ${eventSourcesOf} es on es.uid_source_id = r.source_id
              join event_aliases a on a.source_id = es.event_source_id and a.user_id = r.external_id
            where r.status = 'active'${recordFilter("r", ids)}
              and i.source_id = a.source_id and i.anonymous_id = a.anonymous_id and i.user_id is null
              and i.unattributed_reason is not null
            returning i.profile_id`,
      ),
    );
    moved += count(await queryRows<{ profile_id: string | null }>(tx, byContact("email", ids)));
    moved += count(await queryRows<{ profile_id: string | null }>(tx, byContact("phone", ids)));
    // Open profile pages hear of the events that joined them (delivered on commit).
    if (profiles.size > 0 && profiles.size <= 5000) await notifyProfileChanges(tx, profiles);
    return moved;
  });
}
