// Issue 18, finding 1: a caller without profile:pii cannot recover a masked email or phone through the search box.
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { queryRows } from "@c360/db/client";
import { users } from "@c360/db/schema";
import { sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userActor, type Actor } from "../actor";
import { AppError } from "../errors";
import { createPrivacyRequest } from "../privacy/create-privacy-request";
import { IDENTIFIER_LOOKUPS_PER_HOUR } from "./limit-identifier-lookups";
import { PAMELA, seedPersonalDataFixture, type PersonalDataFixture } from "./personal-data-fixture.testing";
import { searchProfiles } from "./search-profiles";

/**
 * The attack of the issue: from the masked "•••22" a search result shows, prepend digits one at a time and keep
 * the one whose search still lists the person (4 digits are needed before digits are searched at all). Returns the
 * last nine digits recovered, or null, and the queries it took.
 */
async function recoverPhoneByPrefixes(
  db: TestDatabase["db"],
  actor: Actor,
  profileId: string,
  lastTwo: string,
) {
  let queries = 0;
  const finds = async (query: string) => {
    queries += 1;
    const result = await searchProfiles(db, actor, { query, pageSize: 50 });
    return result.hits.some((hit) => hit.id === profileId);
  };
  let known: string | null = null;
  for (let prefix = 0; prefix < 100 && known === null; prefix++) {
    const guess = `${String(prefix).padStart(2, "0")}${lastTwo}`;
    if (await finds(guess)) known = guess;
  }
  // Nine digits are a US number but its first: digit fragments up to nine are searched as substrings of the phone.
  while (known !== null && known.length < 9) {
    let extended: string | null = null;
    for (let digit = 0; digit <= 9 && extended === null; digit++)
      if (await finds(`${digit}${known}`)) extended = `${digit}${known}`;
    if (extended === null) break;
    known = extended;
  }
  return { recovered: known !== null && known.length >= 9 ? known : null, queries };
}

async function newActor(db: TestDatabase["db"], role: "analyst" | "governance_lead"): Promise<Actor> {
  const [user] = await db
    .insert(users)
    .values({ email: `${role}-${randomUUID()}@search.test`, name: role, role })
    .returning();
  return userActor(user!);
}

const lookupsBy = async (db: TestDatabase["db"], actor: Actor, action: string) =>
  queryRows<{ details: Record<string, unknown> }>(
    db,
    sql`select details from audit_log where actor_user_id = ${actor.userId} and action = ${action} order by id`,
  );

describe("profile search for a caller without profile:pii", () => {
  let handle: TestDatabase;
  let fixture: PersonalDataFixture;

  beforeAll(async () => {
    handle = await createTestDatabase();
    fixture = await seedPersonalDataFixture(handle.db);
  }, 240_000);
  afterAll(async () => handle?.destroy());

  it("shows the analyst only the masked phone, and prepending digits to it recovers nothing", async () => {
    const analyst = await newActor(handle.db, "analyst");
    const byName = await searchProfiles(handle.db, analyst, {
      query: `${PAMELA.firstName} ${PAMELA.lastName}`,
    });
    const hit = byName.hits.find((h) => h.id === fixture.pamelaProfileId);
    expect(hit?.phone).toBe("•••22");
    const attack = await recoverPhoneByPrefixes(handle.db, analyst, fixture.pamelaProfileId, "22");
    console.log(
      `prefix-extension attack as analyst: recovered ${attack.recovered ?? "nothing"} in ${attack.queries} queries`,
    );
    expect(attack.recovered).toBeNull();
    // A steward's search is unchanged: the same fragments find the person (they may see the number anyway).
    const steward = await searchProfiles(handle.db, fixture.actors.steward, { query: "406622" });
    expect(steward.hits.map((h) => h.id)).toContain(fixture.pamelaProfileId);
  });

  it("finds nobody by a partial, a fragment or a similar email, nor by a word of an email's local part", async () => {
    const analyst = await newActor(handle.db, "analyst");
    for (const query of [
      "quentin.zebra77@",
      "zebra77@initech",
      "@initech.com",
      "quentin.zebra77@initech.co",
      "quentin.zebra78@initech.com",
      "qentin.zebra77@initech.com",
      "zebra",
      "quentin",
      "initech",
      "+1210240",
      "210240662",
      "6622",
    ]) {
      const result = await searchProfiles(handle.db, analyst, { query });
      expect(
        result.hits.map((h) => h.id),
        query,
      ).not.toContain(fixture.pamelaProfileId);
    }
    // The same fragments find her for a steward (their plan is not changed).
    const steward = await searchProfiles(handle.db, fixture.actors.steward, { query: "quentin.zebra77@" });
    expect(steward.hits.map((h) => h.id)).toContain(fixture.pamelaProfileId);
  });

  it("finds the person by the whole email or phone, audited without the value, and never says which one matched", async () => {
    const analyst = await newActor(handle.db, "analyst");
    const byEmail = await searchProfiles(handle.db, analyst, { query: "Quentin.Zebra77@INITECH.com" });
    const byPhone = await searchProfiles(handle.db, analyst, { query: PAMELA.phoneRaw });
    const emailHit = byEmail.hits.find((h) => h.id === fixture.pamelaProfileId);
    const phoneHit = byPhone.hits.find((h) => h.id === fixture.pamelaProfileId);
    expect(emailHit).toBeDefined();
    expect(phoneHit).toBeDefined();
    // The same reason and score whichever value was asked, golden or not: nothing tells the analyst which it was.
    expect(emailHit!.matchedOn).toBe("contact point");
    expect(phoneHit!.matchedOn).toBe("contact point");
    expect(emailHit!.score).toBe(phoneHit!.score);
    expect(JSON.stringify([byEmail, byPhone])).not.toMatch(/"matchedOn":"[^"]*(email|phone)/i);
    // Olaf's phone is a member value of his own profile and Greta's golden phone: one score for both.
    const shared = await searchProfiles(handle.db, analyst, { query: "+49 30 12345678" });
    expect(new Set(shared.hits.map((h) => h.score)).size).toBe(1);
    expect(shared.hits.map((h) => h.id)).toEqual(
      expect.arrayContaining([fixture.gretaProfileId, fixture.olafProfileId]),
    );

    const audited = await lookupsBy(handle.db, analyst, "profile.search_identifier");
    expect(audited).toHaveLength(3);
    expect(audited[0]!.details).toMatchObject({ kind: "email", profileIds: [fixture.pamelaProfileId] });
    expect(audited[1]!.details).toMatchObject({ kind: "phone", profileIds: [fixture.pamelaProfileId] });
    expect(audited[0]!.details.lookupHash).toMatch(/^[0-9a-f]{64}$/);
    const details = JSON.stringify(audited);
    expect(details).not.toMatch(/zebra|initech|2102406622|12345678/i);
  });

  it("refuses exact lookups past the hourly limit, counted atomically under concurrent requests", async () => {
    const analyst = await newActor(handle.db, "analyst");
    const attempts = IDENTIFIER_LOOKUPS_PER_HOUR + 10;
    const outcomes = await Promise.allSettled(
      Array.from({ length: attempts }, (_, i) =>
        searchProfiles(handle.db, analyst, { query: `+1 210 555 ${String(2000 + i)}` }),
      ),
    );
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(IDENTIFIER_LOOKUPS_PER_HOUR);
    expect(refused).toHaveLength(10);
    for (const o of refused) {
      const reason = o.reason;
      expect(reason).toBeInstanceOf(AppError);
      expect((reason as AppError).code).toBe("TOO_MANY_REQUESTS");
    }
    // Her own whole number is refused too now, and both kinds of entry are in the audit log.
    await expect(searchProfiles(handle.db, analyst, { query: PAMELA.email })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    expect(await lookupsBy(handle.db, analyst, "profile.search_identifier")).toHaveLength(
      IDENTIFIER_LOOKUPS_PER_HOUR,
    );
    expect(await lookupsBy(handle.db, analyst, "profile.search_identifier_refused")).toHaveLength(11);
    // Names and record ids are not rate-limited, and another user has a limit of their own.
    expect(
      (await searchProfiles(handle.db, analyst, { query: PAMELA.lastName })).hits.map((h) => h.id),
    ).toContain(fixture.pamelaProfileId);
    expect(
      (await searchProfiles(handle.db, analyst, { query: PAMELA.externalId })).hits.map((h) => h.id),
    ).toContain(fixture.pamelaProfileId);
    const lead = await newActor(handle.db, "governance_lead");
    expect((await searchProfiles(handle.db, lead, { query: PAMELA.email })).hits.map((h) => h.id)).toContain(
      fixture.pamelaProfileId,
    );
    // A steward is neither limited nor audited as a lookup (their search is audited as profile.search_pii).
    for (let i = 0; i < 3; i++)
      await searchProfiles(handle.db, fixture.actors.steward, { query: PAMELA.email });
    expect(await lookupsBy(handle.db, fixture.actors.steward, "profile.search_identifier")).toHaveLength(0);
  });

  it("counts a privacy request's exact subject lookup against the same limit (a birth date guessed day by day)", async () => {
    const lead = await newActor(handle.db, "governance_lead");
    for (let i = 0; i < IDENTIFIER_LOOKUPS_PER_HOUR - 1; i++)
      await searchProfiles(handle.db, lead, { query: `+1 210 555 ${String(3000 + i)}` });
    const guess = (day: number) => ({
      kind: "access" as const,
      subject: {
        name: `${PAMELA.firstName} ${PAMELA.lastName}`,
        dob: `1970-01-${String(day).padStart(2, "0")}`,
      },
    });
    await createPrivacyRequest(handle.db, lead, guess(1));
    await expect(createPrivacyRequest(handle.db, lead, guess(2))).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    // With the profile chosen from the search (no lookup), the request is recorded.
    await createPrivacyRequest(handle.db, lead, { ...guess(3), profileId: fixture.pamelaProfileId });
    const refused = await lookupsBy(handle.db, lead, "profile.search_identifier_refused");
    expect(refused.map((r) => r.details.kind)).toEqual(["subject"]);
  });

  it("lists only named profiles to an analyst, so a display name that is an email is neither matched nor sorted", async () => {
    const analyst = await newActor(handle.db, "analyst");
    // A steward lists the nameless profile under its email; the analyst finds it by the whole address only.
    const everyone = await searchProfiles(handle.db, fixture.actors.steward, { query: "", pageSize: 100 });
    expect(everyone.hits.map((h) => h.displayName)).toContain("namenlos42@example.org");
    const list = await searchProfiles(handle.db, analyst, { query: "", pageSize: 100 });
    expect(list.hits.length).toBeGreaterThan(3);
    for (const hit of list.hits) expect(hit.displayName ?? "").not.toContain("@");
    expect(list.total).toBe(everyone.total - 1);
    expect((await searchProfiles(handle.db, analyst, { query: "namenlos" })).hits).toHaveLength(0);
    const whole = await searchProfiles(handle.db, analyst, { query: "namenlos42@example.org" });
    expect(whole.hits.map((h) => h.displayName)).toEqual(["n•••@•••.org"]);
  });
});
