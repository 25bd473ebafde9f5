// Demo consent for `c360 seed`: the standard purposes, notices with more than one version, and a realistic ledger
// per demo person (most gave email consent at signup on one notice version or the next, some withdrew later, a few
// refused, some sent a Global Privacy Control signal), with the projection built from it. Bulk SQL, not one
// transaction per event, so seeding thousands of people stays quick on the embedded database.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { randomInt, seededRandom } from "@c360/matching/prng";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { executeChunked } from "@c360/db/bulk";
import { publishNotice } from "./manage-notices";
import { ensureStandardPurposes } from "./manage-purposes";

const DAY = 86_400_000;

interface SeedEvent {
  profile_id: string;
  subject: Record<string, string>;
  purpose: string;
  channel: string;
  status: "given" | "refused" | "withdrawn";
  notice_key: string | null;
  notice_version: number | null;
  method: string;
  origin: string;
  at: string;
}

export async function seedDemoConsent(
  db: Database,
  actor: Actor,
  options: { now?: Date; seed?: number } = {},
): Promise<{ events: number }> {
  const [already] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from consent_events where method like 'seed%' or origin like 'seed:%'`,
  );
  if (Number(already?.n ?? 0) > 0) return { events: 0 };
  await ensureStandardPurposes(db, actor);
  const [hasNotices] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from consent_notices`,
  );
  if (Number(hasNotices?.n ?? 0) === 0) {
    await publishNotice(db, actor, {
      noticeKey: "newsletter-signup",
      purposeKey: "marketing.email",
      title: "Stay in touch",
      body: "Tick to get our newsletter and offers by email. Unsubscribe any time.",
    });
    await publishNotice(db, actor, {
      noticeKey: "newsletter-signup",
      purposeKey: "marketing.email",
      title: "Stay in touch",
      body: "Tick to get our weekly newsletter and personalised offers by email. Unsubscribe any time from any email or your account.",
    });
    await publishNotice(db, actor, {
      noticeKey: "sms-offers",
      purposeKey: "marketing.sms",
      title: "Text me offers",
      body: "Get offers by SMS, at most twice a month. Reply STOP to stop.",
    });
    await publishNotice(db, actor, {
      noticeKey: "personalisation",
      purposeKey: "analytics.profiling",
      title: "Personalise my experience",
      body: "We use your purchases and visits to recommend products.",
    });
  }
  const people = await queryRows<{ id: string; email: string | null; phone: string | null }>(
    db,
    sql`select p.id, (select g.value #>> '{}' from golden_attributes g where g.profile_id = p.id and g.attribute = 'email') as email,
          (select g.value #>> '{}' from golden_attributes g where g.profile_id = p.id and g.attribute = 'phone') as phone
        from profiles p where p.status = 'active' order by p.created_at, p.id`,
  );
  const random = seededRandom(options.seed ?? 360);
  const now = (options.now ?? new Date()).getTime();
  const ago = (minDays: number, maxDays: number) =>
    new Date(
      now - (minDays + randomInt(random, maxDays - minDays)) * DAY - randomInt(random, DAY),
    ).toISOString();
  const events: SeedEvent[] = [];
  for (const person of people) {
    const subject: Record<string, string> = {};
    if (person.email) subject.email = person.email;
    if (person.phone) subject.phone = person.phone;
    if (!person.email && !person.phone) subject.profileId = person.id;
    const add = (e: Omit<SeedEvent, "profile_id" | "subject">) =>
      events.push({ profile_id: person.id, subject, ...e });
    const roll = random();
    if (person.email && roll < 0.72) {
      const version = random() < 0.5 ? 1 : 2;
      add({
        purpose: "marketing.email",
        channel: "email",
        status: "given",
        notice_key: "newsletter-signup",
        notice_version: version,
        method: "web_form",
        origin: "seed:https://shop.example.com/signup",
        at: version === 1 ? ago(400, 700) : ago(30, 380),
      });
      if (random() < 0.18)
        add({
          purpose: "marketing.email",
          channel: "email",
          status: "withdrawn",
          notice_key: null,
          notice_version: null,
          method: "email_link",
          origin: "seed:unsubscribe link",
          at: ago(1, 29),
        });
    } else if (person.email && roll < 0.82) {
      add({
        purpose: "marketing.email",
        channel: "email",
        status: "refused",
        notice_key: "newsletter-signup",
        notice_version: 2,
        method: "web_form",
        origin: "seed:https://shop.example.com/checkout",
        at: ago(10, 300),
      });
    }
    if (person.phone && random() < 0.3) {
      add({
        purpose: "marketing.sms",
        channel: "sms",
        status: "given",
        notice_key: "sms-offers",
        notice_version: 1,
        method: "web_form",
        origin: "seed:https://shop.example.com/checkout",
        at: ago(60, 500),
      });
      if (random() < 0.1)
        add({
          purpose: "marketing.sms",
          channel: "sms",
          status: "withdrawn",
          notice_key: null,
          notice_version: null,
          method: "sms_reply",
          origin: "seed:STOP reply",
          at: ago(1, 59),
        });
    }
    const profiling = random();
    if (profiling < 0.5)
      add({
        purpose: "analytics.profiling",
        channel: "",
        status: "given",
        notice_key: "personalisation",
        notice_version: 1,
        method: "web_form",
        origin: "seed:account settings",
        at: ago(20, 600),
      });
    else if (profiling < 0.6)
      add({
        purpose: "analytics.profiling",
        channel: "",
        status: "refused",
        notice_key: "personalisation",
        notice_version: 1,
        method: "web_form",
        origin: "seed:cookie banner",
        at: ago(20, 600),
      });
    if (random() < 0.06) {
      const at = ago(1, 200);
      add({
        purpose: "sale.personal_data",
        channel: "",
        status: "refused",
        notice_key: null,
        notice_version: null,
        method: "gpc",
        origin: "seed:Sec-GPC header",
        at,
      });
      add({
        purpose: "sharing.third_party",
        channel: "",
        status: "refused",
        notice_key: null,
        notice_version: null,
        method: "gpc",
        origin: "seed:Sec-GPC header",
        at,
      });
    } else if (random() < 0.1) {
      add({
        purpose: "sharing.third_party",
        channel: "",
        status: "given",
        notice_key: null,
        notice_version: null,
        method: "phone_call",
        origin: "seed:call centre",
        at: ago(30, 300),
      });
    }
  }
  await executeChunked(
    db,
    events,
    (
      set,
    ) => sql`insert into consent_events (profile_id, subject_identities, purpose_id, channel, status, notice_id, method, origin, captured_at, effective_at, actor_label)
      select x.profile_id, x.subject, p.id, x.channel, x.status::consent_status, n.id, x.method, x.origin, x.at, x.at, ${actor.label}
      from ${set} join consent_purposes p on p.key = x.purpose
      left join consent_notices n on n.notice_key = x.notice_key and n.version = x.notice_version`,
    "x",
    "profile_id uuid, subject jsonb, purpose text, channel text, status text, notice_key text, notice_version int, method text, origin text, at timestamptz",
  );
  // The projection of what was just written: the latest effective event per profile, purpose and channel.
  await db.execute(sql`insert into consent_state (profile_id, purpose_id, channel, status, expires_at, last_event_id)
    select distinct on (e.profile_id, e.purpose_id, e.channel) e.profile_id, e.purpose_id, e.channel, e.status, e.expires_at, e.id
    from consent_events e where e.profile_id is not null and e.origin like 'seed:%'
    order by e.profile_id, e.purpose_id, e.channel, e.effective_at desc, e.id desc
    on conflict (profile_id, purpose_id, channel) do nothing`);
  return { events: events.length };
}
