// A profile's consent as the /consent pages show it: the current state as a purpose × channel grid (every
// purpose, recorded or not) and the whole ledger history, subject identities masked without profile:pii.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import type { SubjectIdentities } from "@c360/db/schema";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { canSeePii, maskConsentOrigin, maskDisplayName, maskEmail, maskPhone } from "../profiles/mask-pii";
import { effectiveStatus } from "./consent-gate";
import { loadConsentHistory, loadConsentState, type StoredConsentEvent } from "./load-consent-ledger";
import { listPurposes } from "./manage-purposes";

export interface ConsentCell {
  purposeKey: string;
  channel: string;
  /** null when nothing was ever recorded for this purpose and channel. */
  status: "given" | "refused" | "withdrawn" | "expired" | null;
  expiresAt: Date | null;
  /** Since when the status holds (when the decision took effect); null when nothing was recorded. */
  since: Date | null;
  updatedAt: Date | null;
  lastEventId: number | null;
  /** A channel's 'given' that does not count because the purpose-wide decision is not a yes (see consent-gate). */
  overriddenBy: { channel: ""; status: "refused" | "withdrawn" | "expired" } | null;
}

/** A ledger entry as the consent page shows it: the stored event, subject and origin masked without profile:pii. */
export type ConsentHistoryEntry = StoredConsentEvent;

function maskIdentities(identities: SubjectIdentities): SubjectIdentities {
  return {
    ...identities,
    ...(typeof identities.email === "string" ? { email: maskEmail(identities.email) } : {}),
    ...(typeof identities.phone === "string" ? { phone: maskPhone(identities.phone) } : {}),
    ...(identities.externalIds
      ? { externalIds: identities.externalIds.map((x) => ({ source: x.source, id: "•••" })) }
      : {}),
  };
}

export async function getProfileConsent(db: Database, actor: Actor, profileId: string) {
  const [profile] = await queryRows<{
    id: string;
    display_name: string | null;
    status: string;
    merged_into_id: string | null;
    city: string | null;
  }>(
    db,
    sql`select id, display_name, status::text as status, merged_into_id,
          (select g.value #>> '{}' from golden_attributes g where g.profile_id = profiles.id and g.attribute = 'city') as city
        from profiles where id = ${profileId}::uuid`,
  );
  if (!profile) throw new AppError("NOT_FOUND", `Profile ${profileId} does not exist.`);
  const pii = canSeePii(actor);
  const purposes = await listPurposes(db);
  const state = await loadConsentState(db, profileId);
  const grid = purposes.map((purpose) => {
    const channels = new Set<string>([purpose.channel ?? ""]);
    for (const s of state) if (s.purposeKey === purpose.key) channels.add(s.channel);
    const purposeWide = state.find((row) => row.purposeKey === purpose.key && row.channel === "");
    const cells: ConsentCell[] = [...channels].sort().map((channel) => {
      const s = state.find((row) => row.purposeKey === purpose.key && row.channel === channel);
      const overridden =
        channel !== "" && s?.status === "given" && purposeWide?.status && purposeWide.status !== "given";
      return {
        purposeKey: purpose.key,
        channel,
        status: s?.status ?? null,
        expiresAt: s?.expiresAt ?? null,
        since: s?.since ?? null,
        updatedAt: s?.updatedAt ?? null,
        lastEventId: s?.lastEventId ?? null,
        overriddenBy: overridden
          ? { channel: "", status: purposeWide!.status as "refused" | "withdrawn" | "expired" }
          : null,
      };
    });
    return {
      purposeKey: purpose.key,
      purposeName: purpose.name,
      purposeChannel: purpose.channel,
      legalBasis: purpose.legalBasis,
      gpc: purpose.gpc,
      notices: purpose.notices,
      cells,
    };
  });
  const history: ConsentHistoryEntry[] = (await loadConsentHistory(db, profileId, 500)).map((entry) => ({
    ...entry,
    origin: entry.origin === null || pii ? entry.origin : maskConsentOrigin(entry.origin),
    subject: pii ? entry.subject : maskIdentities(entry.subject),
  }));
  if (pii)
    await recordAudit(db, actor, { action: "consent.view_pii", entityType: "profile", entityId: profileId });
  return {
    profile: {
      id: profile.id,
      displayName: pii ? profile.display_name : maskDisplayName(profile.display_name),
      status: profile.status,
      mergedIntoId: profile.merged_into_id,
      city: profile.city,
    },
    grid,
    history,
  };
}

/** The ledger at a glance for the /consent landing page: current states per purpose and the latest events. */
export async function getConsentOverview(db: Database) {
  const byPurpose = await queryRows<{
    key: string;
    name: string;
    status: string | null;
    profiles: number | string;
  }>(
    db,
    sql`select p.key, p.name, ${effectiveStatus("c")} as status, count(c.profile_id) as profiles
        from consent_purposes p left join consent_state c on c.purpose_id = p.id
        group by p.key, p.name, 3 order by p.key`,
  );
  const [counts] = await queryRows<{ events: number | string; unattributed: number | string }>(
    db,
    sql`select count(*) as events, count(*) filter (where profile_id is null) as unattributed from consent_events`,
  );
  const recent = await queryRows<{
    id: number | string;
    key: string;
    channel: string;
    status: string;
    method: string;
    profile_id: string | null;
    effective_at: string | Date;
    actor_label: string;
  }>(
    db,
    sql`select e.id, p.key, e.channel, e.status::text as status, e.method, e.profile_id, e.effective_at, e.actor_label
        from consent_events e join consent_purposes p on p.id = e.purpose_id order by e.recorded_at desc, e.id desc limit 20`,
  );
  const purposes = new Map<string, { key: string; name: string; counts: Record<string, number> }>();
  for (const row of byPurpose) {
    const entry = purposes.get(row.key) ?? { key: row.key, name: row.name, counts: {} };
    if (row.status) entry.counts[row.status] = Number(row.profiles);
    purposes.set(row.key, entry);
  }
  return {
    purposes: [...purposes.values()],
    events: Number(counts?.events ?? 0),
    unattributed: Number(counts?.unattributed ?? 0),
    recent: recent.map((r) => ({
      id: Number(r.id),
      purposeKey: r.key,
      channel: r.channel,
      status: r.status,
      method: r.method,
      profileId: r.profile_id,
      effectiveAt: new Date(r.effective_at),
      actorLabel: r.actor_label,
    })),
  };
}
