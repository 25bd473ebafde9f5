// Test data for the masking tests: people whose personal values are known, reaching every place a value can show.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { interactions, users } from "@c360/db/schema";
import { sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Role } from "@c360/auth/permissions";
import { systemActor, userActor, type Actor } from "../actor";
import { ensureStandardPurposes } from "../consent/manage-purposes";
import { recordStewardConsent } from "../consent/record-steward-consent";
import { importPostedRecords } from "../ingest/import-posted-records";
import { createPrivacyRequest } from "../privacy/create-privacy-request";
import { resolveFull } from "../resolution/resolve-full";
import { createSource } from "../sources/manage-sources";
import { setStewardOverride } from "./set-steward-override";

/** A German customer record whose columns say nothing a key pattern would recognise (issue 18). */
export const GRETA = {
  externalId: "K-1001",
  firstName: "Greta",
  lastName: "Lindqvist",
  email: "sonnenblume77@example.de",
  phoneRaw: "+49 30 12345678",
  phone: "+493012345678",
  dob: "1961-07-14",
  street: "Lindenallee",
  postcode: "10115",
  nationalId: "65140761L512",
  city: "Berlin",
  /** Unmapped and personal: only a steward or admin reads it. */
  note: "Ruft abends an, Hund heisst Bello",
  /** Unmapped and marked non-personal by the steward: shown to everyone. */
  customerType: "Privatkundin",
} as const;

/** The person of the search attack: a US phone whose masked form ends in 22, an email unlike the name. */
export const PAMELA = {
  externalId: "w-2001",
  firstName: "Pamela",
  lastName: "Okafor",
  email: "quentin.zebra77@initech.com",
  phone: "+12102406622",
  phoneRaw: "(210) 240-6622",
} as const;

/**
 * Every way a personal value of Greta or Pamela may be written (raw, standardized, only its digits) that a response
 * to a caller without profile:pii must not contain. The postcode only as a number of its own (ids hold digit runs).
 */
const CLEAR_PATTERNS: readonly RegExp[] = [
  /sonnenblume77/i,
  /3012345678/,
  /30 12345678/,
  /1961-07-14/,
  /14\.07\.1961/,
  /lindenallee/i,
  /(?<![0-9a-f])10115(?![0-9a-f])/i,
  /65140761l512/i,
  /hund heisst bello/i,
  /bello1961/i,
  // Greta's browser id in the web shop's events (an online identifier: personal data).
  /anon-7f3c9e21b4/i,
  /quentin\.zebra77/i,
  /2102406622/,
  /240-6622/,
];

/** The clear values a serialized response contains: none, for a caller without profile:pii. */
export function clearValuesIn(serialized: string): string[] {
  return CLEAR_PATTERNS.filter((pattern) => pattern.test(serialized)).map((pattern) => pattern.source);
}

/** The German source's mapping: column names in German, so only the mapping says what each column holds. */
export const GERMAN_MAPPING = {
  Kundennummer: "record_id",
  Vorname: "first_name",
  Nachname: "last_name",
  Strasse: "street",
  PLZ: "postcode",
  Ort: "city",
  SVNR: "national_id",
  Geburtstag: "dob",
  Mail: "email",
  Telefon: "phone",
} as const;

export interface PersonalDataFixture {
  gretaProfileId: string;
  pamelaProfileId: string;
  /** Olaf shares Greta's phone: a household, so Greta's page lists him and his page lists her. */
  olafProfileId: string;
  actors: Record<Role, Actor>;
  sourceNames: { german: string; web: string };
}

async function profileOf(db: Database, sourceName: string, externalId: string): Promise<string> {
  const [row] = await queryRows<{ profile_id: string | null }>(
    db,
    sql`select r.profile_id from source_records r join sources s on s.id = r.source_id where s.name = ${sourceName} and r.external_id = ${externalId}`,
  );
  if (!row?.profile_id) throw new Error(`record ${sourceName}/${externalId} was not resolved to a profile`);
  return row.profile_id;
}

/** One user per role, stored (audit entries reference them). */
async function createRoleActors(db: Database): Promise<Record<Role, Actor>> {
  const roles: Role[] = ["admin", "steward", "governance_lead", "analyst", "executive"];
  const entries = await Promise.all(
    roles.map(async (role) => {
      const [user] = await db
        .insert(users)
        .values({ email: `${role}-${randomUUID().slice(0, 8)}@masking.test`, name: `Masking ${role}`, role })
        .returning();
      return [role, userActor(user!)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Role, Actor>;
}

/**
 * Imports Greta through a German-mapped source (with unmapped columns, one marked non-personal), Pamela and Olaf
 * through a source with canonical column names, and puts Greta's values into an override note, a consent origin,
 * a timeline event and a privacy request, so a test can look for them wherever they might leak.
 */
export async function seedPersonalDataFixture(db: Database): Promise<PersonalDataFixture> {
  const system = systemActor("masking-fixture");
  const suffix = randomUUID().slice(0, 6);
  const sourceNames = { german: `de-crm-${suffix}`, web: `web-${suffix}` };
  const german = await createSource(db, system, {
    name: sourceNames.german,
    kind: "crm",
    fieldMapping: GERMAN_MAPPING,
    nonPersonalColumns: ["Kundentyp"],
  });
  const web = await createSource(db, system, { name: sourceNames.web, kind: "web" });
  await importPostedRecords(db, {
    source: german,
    actor: system,
    contentType: "application/json",
    resolve: null,
    body: Buffer.from(
      JSON.stringify([
        {
          Kundennummer: GRETA.externalId,
          Vorname: GRETA.firstName,
          Nachname: GRETA.lastName,
          Strasse: GRETA.street,
          PLZ: GRETA.postcode,
          Ort: GRETA.city,
          SVNR: GRETA.nationalId,
          Geburtstag: GRETA.dob,
          Mail: GRETA.email,
          Telefon: GRETA.phoneRaw,
          Kundentyp: GRETA.customerType,
          Notiz: GRETA.note,
          Extras: { Lieblingsfarbe: "blau", Kennwort: "Bello1961" },
        },
      ]),
    ),
  });
  await importPostedRecords(db, {
    source: web,
    actor: system,
    contentType: "application/json",
    resolve: null,
    body: Buffer.from(
      JSON.stringify([
        {
          record_id: PAMELA.externalId,
          first_name: PAMELA.firstName,
          last_name: PAMELA.lastName,
          email: PAMELA.email,
          phone: PAMELA.phoneRaw,
          city: "San Antonio",
        },
        {
          record_id: "w-3001",
          first_name: "Olaf",
          last_name: "Brandt",
          phone: GRETA.phoneRaw,
          city: GRETA.city,
        },
        // Known only by an email: the display name is the address.
        { record_id: "w-4001", email: "namenlos42@example.org" },
        // Strangers, so a fragment of a number or an address has somewhere else to land.
        ...Array.from({ length: 12 }, (_, i) => ({
          record_id: `w-9${String(i).padStart(3, "0")}`,
          first_name: ["Anna", "Bruno", "Carla", "Dmitri"][i % 4],
          last_name: ["Schmidt", "Novak", "Rossi"][i % 3],
          email: `kunde${i}@example.org`,
          phone: `+1210555${String(1000 + i * 7)}`,
        })),
      ]),
    ),
  });
  // Records are resolved by a full run (it also trains the model the real-time path needs).
  await resolveFull(db, { actor: system });
  const gretaProfileId = await profileOf(db, sourceNames.german, GRETA.externalId);
  const pamelaProfileId = await profileOf(db, sourceNames.web, PAMELA.externalId);
  const olafProfileId = await profileOf(db, sourceNames.web, "w-3001");
  const actors = await createRoleActors(db);

  await setStewardOverride(db, actors.steward, {
    profileId: gretaProfileId,
    attribute: "city",
    value: GRETA.city,
    note: `Confirmed by phone on ${GRETA.phoneRaw}, reply sent to ${GRETA.email}, born ${GRETA.dob}`,
  });
  const [purpose] = await ensureStandardPurposes(db, system);
  await recordStewardConsent(db, actors.steward, {
    profileId: gretaProfileId,
    purposeKey: purpose!,
    status: "given",
    note: `Call from ${GRETA.phoneRaw}`,
  });
  const [record] = await queryRows<{ id: string; source_id: string }>(
    db,
    sql`select r.id, r.source_id from source_records r where r.profile_id = ${gretaProfileId} limit 1`,
  );
  await db.insert(interactions).values({
    profileId: gretaProfileId,
    sourceRecordId: record!.id,
    sourceId: record!.source_id,
    channel: "call",
    type: "call.inbound",
    occurredAt: new Date("2026-01-05T10:00:00Z"),
    properties: {
      caller: GRETA.phoneRaw,
      Rueckruf: `bitte ${GRETA.phoneRaw} anrufen`,
      contact_email: GRETA.email,
    },
  });
  // Events as the shop sends them: a page view attributed to Greta through her anonymousId (her email in the
  // properties), and an identify that waits (unattributed) carrying her email and phone.
  await db.insert(interactions).values([
    {
      profileId: gretaProfileId,
      sourceRecordId: record!.id,
      sourceId: web.id,
      externalId: "msg-greta-page-1",
      channel: "web",
      type: "page.view",
      messageType: "page",
      event: "Checkout",
      anonymousId: "anon-7f3c9e21b4",
      attributedBy: "email",
      contactEmail: GRETA.email,
      occurredAt: new Date("2026-01-06T09:00:00Z"),
      properties: { path: "/checkout", newsletter_email: GRETA.email },
    },
    {
      sourceId: web.id,
      externalId: "msg-greta-identify-1",
      channel: "other",
      type: "identify",
      messageType: "identify",
      anonymousId: "anon-7f3c9e21b4",
      userId: GRETA.email,
      contactEmail: GRETA.email,
      contactPhone: GRETA.phone,
      unattributedReason: "unknown_user_id",
      occurredAt: new Date("2026-01-06T09:01:00Z"),
      properties: { email: GRETA.email, phone: GRETA.phoneRaw, birthday: GRETA.dob },
    },
  ]);
  await createPrivacyRequest(db, actors.governance_lead, {
    kind: "access",
    subject: {
      email: GRETA.email,
      phone: GRETA.phoneRaw,
      name: `${GRETA.firstName} ${GRETA.lastName}`,
      dob: GRETA.dob,
    },
  });
  return { gretaProfileId, pamelaProfileId, olafProfileId, actors, sourceNames };
}
