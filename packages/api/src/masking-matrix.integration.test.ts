// The masking matrix (issue 18): every role x every place a personal value can appear, through the router, as it
// leaves the server. A role without profile:pii receives no clear email, phone, birth date, street, postcode or
// national id of the seeded people, wherever it looks; a role with it does see them (so the matrix is not vacuous).
import { roleHas, roles, type Role } from "@c360/auth/permissions";
import {
  clearValuesIn,
  GRETA,
  seedPersonalDataFixture,
  type PersonalDataFixture,
} from "@c360/core/profiles/personal-data-fixture.testing";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { TRPCError } from "@trpc/server";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "./root";

type Caller = ReturnType<typeof createCaller>;

interface Place {
  place: string;
  read: (caller: Caller) => Promise<unknown>;
}

/** Ids the places need that only exist once the fixture and the admin's set-up have run. */
interface Setup {
  fixture: PersonalDataFixture;
  requestId: string;
  ruleIds: string[];
  issueIds: string[];
  segmentId: string;
  /** An admin's segment whose rule names Greta's email and phone. */
  emailSegmentId: string;
  exportId: string;
  /** A record of Greta's and one of Olaf's (they share a phone): the pair explain_match compares. */
  pairRecordIds: { greta: string; olaf: string };
}

function placesOf(setup: Setup): Place[] {
  const { fixture } = setup;
  const greta = fixture.gretaProfileId;
  const profilePlaces: Place[] = [
    {
      place: "profiles.search: the list of everyone",
      read: (c) => c.profiles.search({ query: "", pageSize: 100 }),
    },
    {
      place: "profiles.search: by name",
      read: (c) => c.profiles.search({ query: `${GRETA.firstName} ${GRETA.lastName}` }),
    },
    { place: "profiles.search: by the whole email", read: (c) => c.profiles.search({ query: GRETA.email }) },
    {
      place: "profiles.search: by the whole phone",
      read: (c) => c.profiles.search({ query: GRETA.phoneRaw }),
    },
    { place: "profiles.search: by a phone fragment", read: (c) => c.profiles.search({ query: "12345678" }) },
    {
      place: "profiles.search: by the record id",
      read: (c) => c.profiles.search({ query: GRETA.externalId }),
    },
    // Golden values, candidates, members raw + standardized, override notes, relationships, consent origins.
    { place: "profiles.get: Greta", read: (c) => c.profiles.get({ id: greta }) },
    {
      place: "profiles.get: Olaf (shares her phone)",
      read: (c) => c.profiles.get({ id: fixture.olafProfileId }),
    },
    { place: "profiles.get: Pamela", read: (c) => c.profiles.get({ id: fixture.pamelaProfileId }) },
    {
      place: "profiles.timeline: properties",
      read: (c) => c.profiles.timeline({ profileId: greta, page: 1, pageSize: 50 }),
    },
    {
      place: "profiles.explainMatch: Greta and Olaf (the compared values)",
      read: (c) =>
        c.profiles.explainMatch({
          recordIdA: setup.pairRecordIds.greta,
          recordIdB: setup.pairRecordIds.olaf,
        }),
    },
    ...["national_id", "street", "postcode", "dob", "email", "phone"].map((attribute) => ({
      place: `lineage.valueLineage: ${attribute}`,
      read: (c: Caller) => c.lineage.valueLineage({ profileId: greta, attribute }),
    })),
  ];
  const governancePlaces: Place[] = [
    { place: "privacy.listRequests", read: (c) => c.privacy.listRequests({ status: "all" }) },
    { place: "privacy.getRequest", read: (c) => c.privacy.getRequest({ requestId: setup.requestId }) },
    {
      place: "privacy.lookupSubject: by name",
      read: (c) => c.privacy.lookupSubject({ query: GRETA.lastName }),
    },
    {
      place: "privacy.lookupSubject: by the whole email",
      read: (c) => c.privacy.lookupSubject({ query: GRETA.email }),
    },
    { place: "privacy.auditLog", read: (c) => c.privacy.auditLog({ pageSize: 200 }) },
    {
      place: "privacy.auditLog: text search",
      read: (c) => c.privacy.auditLog({ text: "sonnenblume", pageSize: 200 }),
    },
    { place: "privacy.exportAuditCsv", read: (c) => c.privacy.exportAuditCsv({}) },
    { place: "consent.profile: origins", read: (c) => c.consent.profile({ profileId: greta }) },
    { place: "activation.segments", read: (c) => c.activation.segments() },
    {
      place: "activation.segmentSize: a rule naming an email",
      read: (c) => c.activation.segmentSize({ segmentId: setup.emailSegmentId }),
    },
    {
      place: "activation.segment: a rule naming an email",
      read: (c) => c.activation.segment({ segmentId: setup.emailSegmentId }),
    },
    {
      place: "activation.preview",
      read: (c) =>
        c.activation.preview({
          definition: {
            kind: "group",
            combinator: "and",
            conditions: [{ kind: "attribute", attribute: "city", operator: "equals", value: GRETA.city }],
          },
        }),
    },
    {
      place: "activation.runExport: the CSV",
      read: (c) => c.activation.runExport({ exportId: setup.exportId }),
    },
  ];
  const qualityPlaces: Place[] = [
    { place: "quality.dashboard", read: (c) => c.quality.dashboard() },
    {
      place: "quality.drillDown: duplicates",
      read: (c) => c.quality.drillDown({ metric: "duplicates", limit: 500 }),
    },
    {
      place: "quality.drillDown: golden profiles",
      read: (c) => c.quality.drillDown({ metric: "golden-profiles", limit: 500 }),
    },
    ...setup.ruleIds.map((key) => ({
      place: `quality.drillDown: rule ${key.slice(0, 8)}`,
      read: (c: Caller) => c.quality.drillDown({ metric: "rule", key, limit: 500 }),
    })),
    { place: "quality.listIssues", read: (c) => c.quality.listIssues({ status: "all", limit: 200 }) },
    ...setup.issueIds.map((issueId) => ({
      place: `quality.getIssue ${issueId.slice(0, 8)}`,
      read: (c: Caller) => c.quality.getIssue({ issueId }),
    })),
    { place: "overview.get", read: (c) => c.overview.get() },
  ];
  const eventPlaces: Place[] = [
    { place: "events.unattributed: everything waiting", read: (c) => c.events.unattributed({ limit: 500 }) },
    {
      place: "events.unattributed: by Greta's anonymousId",
      read: (c) => c.events.unattributed({ identity: "anon-7f3c9e21b4" }),
    },
    {
      place: "events.unattributed: by Greta's email as userId",
      read: (c) => c.events.unattributed({ identity: GRETA.email }),
    },
    {
      place: "events.source: the web shop's events page",
      read: (c) => c.events.source({ name: fixture.sourceNames.web }),
    },
    {
      place: "profiles.timeline: web events",
      read: (c) =>
        c.profiles.timeline({ profileId: greta, channels: ["web", "other"], page: 1, pageSize: 50 }),
    },
  ];
  return [...profilePlaces, ...governancePlaces, ...qualityPlaces, ...eventPlaces];
}

/** What the caller receives, serialized as the HTTP handler sends it; null when the role may not ask. */
async function responseOf(place: Place, caller: Caller): Promise<string | null> {
  try {
    return superjson.stringify(await place.read(caller));
  } catch (error) {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") return null;
    throw new Error(`${place.place}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

describe("masking matrix: role x place", () => {
  let handle: TestDatabase;
  let setup: Setup;
  const callerOf = (role: Role) => createCaller({ db: handle.db, actor: setup.fixture.actors[role] });

  beforeAll(async () => {
    handle = await createTestDatabase();
    const fixture = await seedPersonalDataFixture(handle.db);
    const admin = createCaller({ db: handle.db, actor: fixture.actors.admin });
    await admin.quality.runNow();
    const rules = await admin.quality.listRules();
    const issues = await admin.quality.listIssues({ status: "all", limit: 200 });
    const [request] = (await admin.privacy.listRequests({ status: "all" })).requests;
    const [purpose] = await admin.consent.purposes();
    const segment = await admin.activation.saveSegment({
      name: "Berlin",
      definition: {
        kind: "group",
        combinator: "and",
        conditions: [{ kind: "attribute", attribute: "city", operator: "equals", value: GRETA.city }],
      },
    });
    const byEmail = await admin.activation.saveSegment({
      name: "Greta by email",
      definition: {
        kind: "group",
        combinator: "or",
        conditions: [
          { kind: "attribute", attribute: "email", operator: "equals", value: GRETA.email },
          { kind: "attribute", attribute: "phone", operator: "equals", value: GRETA.phone },
        ],
      },
    });
    const created = await admin.activation.createExport({
      name: "Berlin list",
      segmentId: segment.id,
      purposeKey: purpose!.key,
      kind: "csv",
      fields: ["first_name", "last_name", "email", "phone", "city", "postcode"],
    });
    setup = {
      fixture,
      requestId: request!.id,
      ruleIds: rules.map((rule) => rule.id),
      issueIds: (issues as { issues?: { id: string }[] }).issues?.map((issue) => issue.id) ?? [],
      segmentId: segment.id,
      emailSegmentId: byEmail.id,
      exportId: created.id,
      pairRecordIds: {
        greta: (await admin.profiles.get({ id: fixture.gretaProfileId })).members[0]!.recordId,
        olaf: (await admin.profiles.get({ id: fixture.olafProfileId })).members[0]!.recordId,
      },
    };
  }, 300_000);
  afterAll(async () => handle?.destroy());

  it.each(roles.filter((role) => !roleHas(role, "profile:pii")))(
    "%s receives no clear personal value from any place it can reach",
    async (role) => {
      const caller = callerOf(role);
      const leaks: string[] = [];
      let reached = 0;
      for (const place of placesOf(setup)) {
        const response = await responseOf(place, caller);
        if (response === null) continue;
        reached += 1;
        for (const value of clearValuesIn(response)) leaks.push(`${place.place}: ${value}`);
      }
      expect(reached, "places reached").toBeGreaterThan(3);
      expect(leaks).toEqual([]);
    },
  );

  it.each(roles.filter((role) => roleHas(role, "profile:pii")))(
    "%s sees the clear values (so the matrix proves something)",
    async (role) => {
      const caller = callerOf(role);
      const seen = new Set<string>();
      for (const place of placesOf(setup)) {
        const response = await responseOf(place, caller);
        if (response !== null) for (const value of clearValuesIn(response)) seen.add(value);
      }
      // Every pattern of Greta's: email, phone, birth date, street, postcode, national id and the unmapped note.
      expect([...seen].length).toBeGreaterThanOrEqual(8);
    },
  );
});
