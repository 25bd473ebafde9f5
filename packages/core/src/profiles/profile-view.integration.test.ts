import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { queryRows } from "@c360/db/client";
import { auditLog, goldenAttributes, profiles, reviewTasks, users } from "@c360/db/schema";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, userActor, type Actor } from "../actor";
import { seedDemoData } from "../seed/seed-demo-data";
import { ensureDemoUsers } from "../users/ensure-demo-users";
import { getProfileView } from "./get-profile-view";
import { listProfileTimeline } from "./list-profile-timeline";
import { searchProfiles } from "./search-profiles";
import { watchProfileChanges } from "./watch-profile-changes";

interface Person extends Record<string, unknown> {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  external_id: string;
  search_text: string;
}

describe("profile search and view (seeded demo data)", () => {
  let handle: TestDatabase;
  let steward: Actor;
  let analyst: Actor;
  let person: Person;

  beforeAll(async () => {
    handle = await createTestDatabase();
    await seedDemoData(handle.db, systemActor("seed"), { persons: 150 });
    await ensureDemoUsers(handle.db);
    const actorFor = async (email: string) => {
      const [user] = await handle.db.select().from(users).where(eq(users.email, email));
      return userActor(user!);
    };
    steward = await actorFor("steward@example.com");
    analyst = await actorFor("analyst@example.com");
    // A profile with a name of some length, an email, a phone and several records: the one the tests look for.
    const found = await queryRows<Person>(
      handle.db,
      sql`select p.id, f.value #>> '{}' as first_name, l.value #>> '{}' as last_name, e.value #>> '{}' as email,
            ph.value #>> '{}' as phone, p.search_text, (select min(r.external_id) from source_records r where r.profile_id = p.id) as external_id
          from profiles p
          join golden_attributes f on f.profile_id = p.id and f.attribute = 'first_name'
          join golden_attributes l on l.profile_id = p.id and l.attribute = 'last_name'
          join golden_attributes e on e.profile_id = p.id and e.attribute = 'email'
          join golden_attributes ph on ph.profile_id = p.id and ph.attribute = 'phone'
          where p.status = 'active' and length(l.value #>> '{}') >= 6 and length(f.value #>> '{}') >= 5
            and (select count(*) from source_records r where r.profile_id = p.id) >= 2
          order by l.value #>> '{}', f.value #>> '{}', p.id limit 1`,
    );
    expect(found).toHaveLength(1);
    person = found[0]!;
    // Seeding resolves 150 persons: a busy shared machine needs more than the default hook time.
  }, 240_000);
  afterAll(async () => {
    await handle?.destroy();
  });

  it("finds the person by a name with a typo in each word", async () => {
    const typo = `${person.first_name.slice(0, 2)}${person.first_name.slice(3)} ${person.last_name.slice(0, -2)}${person.last_name.slice(-1)}`;
    const result = await searchProfiles(handle.db, steward, { query: typo, pageSize: 10 });
    expect(result.hits.map((h) => h.id)).toContain(person.id);
  });

  it("finds the person by a name with one word misspelt, and pages through a similar-name result", async () => {
    // A letter dropped from the surname that none of the person's records spells that way (the demo sources carry
    // typos of their own, and a spelling some record has is found as typed).
    const surname = person.last_name;
    const misspellings = [...surname.slice(1, -1)].map(
      (_, i) => surname.slice(0, i + 1) + surname.slice(i + 2),
    );
    const unseen = misspellings.find(
      (word) => !person.search_text.toLowerCase().includes(word.toLowerCase()),
    );
    expect(unseen).toBeDefined();
    const typo = `${person.first_name} ${unseen}`;
    const result = await searchProfiles(handle.db, steward, { query: typo, pageSize: 10 });
    expect(result.hits.find((h) => h.id === person.id)).toMatchObject({ matchedOn: "similar name" });
    // The commonest surname, misspelt: page 2 of the similar names continues page 1 (it is not the exact pass's
    // empty page), and a page past the end is empty.
    const [common] = await queryRows<{ name: string }>(
      handle.db,
      sql`select g.value #>> '{}' as name from golden_attributes g join profiles p on p.id = g.profile_id and p.status = 'active'
          where g.attribute = 'last_name' and length(g.value #>> '{}') >= 5 group by 1 order by count(*) desc, 1 limit 1`,
    );
    const misspelt = `${common!.name.slice(0, 2)}${common!.name.slice(3)}`;
    const one = await searchProfiles(handle.db, steward, { query: misspelt, pageSize: 1 });
    expect(one.total).toBeGreaterThan(1);
    expect(one.hits[0]!.matchedOn).toMatch(/^similar/);
    const two = await searchProfiles(handle.db, steward, { query: misspelt, pageSize: 1, page: 2 });
    expect(two.hits).toHaveLength(1);
    expect(two.hits[0]!.id).not.toBe(one.hits[0]!.id);
    const beyond = await searchProfiles(handle.db, steward, {
      query: misspelt,
      pageSize: 1,
      page: one.total + 1,
    });
    expect(beyond.hits).toHaveLength(0);
  });

  it("finds the person by a phone written another way, an email in capitals and a source record's id", async () => {
    const national = person.phone.replace(/^\+1/, "");
    const phone = `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`;
    // A household may share a phone or a family email as its golden value too: the person is among the best-scored
    // hits (another profile that only holds the value in one of its records, an unresolved duplicate, ranks lower).
    const best = (hits: { id: string; score: number }[]) =>
      hits.filter((h) => h.score === hits[0]?.score).map((h) => h.id);
    const byPhone = await searchProfiles(handle.db, steward, { query: phone });
    expect(best(byPhone.hits)).toContain(person.id);
    const byEmail = await searchProfiles(handle.db, steward, { query: person.email.toUpperCase() });
    expect(best(byEmail.hits)).toContain(person.id);
    const byId = await searchProfiles(handle.db, steward, { query: person.external_id });
    expect(byId.hits[0]).toMatchObject({ id: person.id, score: 1 });
    expect((await searchProfiles(handle.db, steward, { query: person.id })).hits[0]?.id).toBe(person.id);
    // A record id in other capitals, and the beginning of one (ranked after exact ids, still found).
    const inCapitals = await searchProfiles(handle.db, steward, { query: person.external_id.toUpperCase() });
    expect(inCapitals.hits[0]).toMatchObject({ id: person.id, score: 1 });
    const prefix = person.external_id.slice(0, -1);
    const byPrefix = await searchProfiles(handle.db, steward, { query: prefix, pageSize: 100 });
    const hit = byPrefix.hits.find((h) => h.id === person.id);
    expect(hit?.matchedOn).toMatch(new RegExp(`^source record \\S+ ${person.external_id}$`));
    expect(byPrefix.hits.every((h) => h.matchedOn.toLowerCase().includes(prefix.toLowerCase()))).toBe(true);
  });

  it("falls back to similarity only when the words as typed find nothing, and says when the total is exact", async () => {
    const exact = await searchProfiles(handle.db, steward, {
      query: `${person.first_name} ${person.last_name}`,
    });
    expect(exact.hits[0]).toMatchObject({ id: person.id, matchedOn: "name, email or phone" });
    expect(exact.totalIsLowerBound).toBe(false);
    // An email with one letter dropped from its local part: no profile has it, the similar one is found.
    const at = person.email.indexOf("@");
    const typo = `${person.email.slice(0, at - 2)}${person.email.slice(at - 1)}`;
    const similar = await searchProfiles(handle.db, steward, { query: typo });
    expect(similar.hits.map((h) => h.id)).toContain(person.id);
    expect(similar.hits.find((h) => h.id === person.id)?.matchedOn).toBe("similar email");
    // A typo in the domain: the local part finds the candidates, the whole address's similarity keeps the person.
    const domain = person.email.slice(at + 1);
    const domainTypo = `${person.email.slice(0, at + 1)}${domain.slice(0, 1)}${domain.slice(2, 3)}${domain.slice(1, 2)}${domain.slice(3)}`;
    const inDomain = await searchProfiles(handle.db, steward, { query: domainTypo });
    expect(inDomain.hits.find((h) => h.id === person.id)?.matchedOn).toBe("similar email");
  });

  it("filters by source and pages through every profile", async () => {
    const crm = await searchProfiles(handle.db, steward, { query: "", source: "crm", pageSize: 100 });
    expect(crm.total).toBeGreaterThan(0);
    for (const hit of crm.hits) expect(hit.sources).toContain("crm");
    const first = await searchProfiles(handle.db, steward, { query: "", pageSize: 5, page: 1 });
    const second = await searchProfiles(handle.db, steward, { query: "", pageSize: 5, page: 2 });
    expect(first.hits).toHaveLength(5);
    expect(second.hits.map((h) => h.id)).not.toContain(first.hits[0]!.id);
    const reviewed = await searchProfiles(handle.db, steward, {
      query: "",
      hasOpenReview: true,
      pageSize: 100,
    });
    for (const hit of reviewed.hits) expect(hit.hasOpenReview).toBe(true);
  });

  it("masks search results for an analyst and never returns their clear email or phone", async () => {
    const result = await searchProfiles(handle.db, analyst, { query: person.email });
    expect(result.masked).toBe(true);
    // Another profile may hold the same golden email (a household's shared address): the person is among the best.
    expect(result.hits.filter((h) => h.score === result.hits[0]?.score).map((h) => h.id)).toContain(
      person.id,
    );
    const json = JSON.stringify(result);
    expect(json).not.toContain(person.email);
    expect(json).not.toContain(person.phone);
  });

  it("shows the steward clear values with provenance and audits the view, without personal data in the entry", async () => {
    const view = await getProfileView(handle.db, steward, { id: person.id });
    expect(view.masked).toBe(false);
    const email = view.golden.find((g) => g.attribute === "email");
    expect(email?.value).toBe(person.email);
    expect(email?.source?.sourceName).toBeTruthy();
    expect(email?.candidates.some((c) => c.chosen)).toBe(true);
    expect(view.members.length).toBeGreaterThanOrEqual(2);
    expect(view.summary).toContain(person.last_name);
    const entries = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "profile.view_pii"), eq(auditLog.entityId, person.id)));
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actorLabel).toBe("steward@example.com");
    expect(JSON.stringify(entries[0]!.details)).not.toContain(person.email);
  });

  it("gives the analyst the same profile masked everywhere, and audits nothing", async () => {
    const before = await handle.db.select().from(auditLog).where(eq(auditLog.action, "profile.view_pii"));
    const view = await getProfileView(handle.db, analyst, { id: person.id });
    expect(view.masked).toBe(true);
    const json = JSON.stringify(view);
    expect(json).not.toContain(person.email);
    expect(json).not.toContain(person.phone);
    expect(json).not.toContain(person.phone.slice(2));
    for (const member of view.members) {
      for (const value of Object.values(member.raw))
        if (typeof value === "string") expect(value).not.toMatch(/[a-z0-9._-]{2}@[a-z0-9]/i);
    }
    expect(view.golden.find((g) => g.attribute === "last_name")?.value).toBe(person.last_name);
    const after = await handle.db.select().from(auditLog).where(eq(auditLog.action, "profile.view_pii"));
    expect(after).toHaveLength(before.length);
  });

  it("shows a profile sharing the golden phone as a household, and the profile's open review task", async () => {
    const [other] = await handle.db
      .insert(profiles)
      .values({ displayName: "Housemate Bench", searchText: "housemate bench" })
      .returning({ id: profiles.id });
    await handle.db
      .insert(goldenAttributes)
      .values({ profileId: other!.id, attribute: "phone", value: person.phone, rule: "no_conflict" });
    const [task] = await handle.db
      .insert(reviewTasks)
      .values({
        kind: "pair",
        recordIds: [randomUUID(), randomUUID()].sort(),
        profileIds: [person.id, other!.id].sort(),
        score: 0.6,
      })
      .returning({ id: reviewTasks.id });
    const view = await getProfileView(handle.db, analyst, { id: person.id });
    expect(view.relationships).toContainEqual(
      expect.objectContaining({ profileId: other!.id, kind: "household", reason: "shares phone" }),
    );
    expect(view.openReviewTaskIds).toContain(task!.id);
    const reviewed = await searchProfiles(handle.db, steward, {
      query: person.external_id,
      hasOpenReview: true,
    });
    expect(reviewed.hits[0]).toMatchObject({ id: person.id, hasOpenReview: true });
    const notReviewed = await searchProfiles(handle.db, steward, {
      query: person.external_id,
      hasOpenReview: false,
    });
    expect(notReviewed.hits.map((h) => h.id)).not.toContain(person.id);
    await handle.db.delete(reviewTasks).where(eq(reviewTasks.id, task!.id));
    await handle.db.delete(profiles).where(eq(profiles.id, other!.id));
  });

  it("opens a merged profile's id on the profile it was merged into", async () => {
    const [merged] = await handle.db
      .insert(profiles)
      .values({ status: "merged", mergedIntoId: person.id, displayName: "gone" })
      .returning({ id: profiles.id });
    const view = await getProfileView(handle.db, analyst, { id: merged!.id });
    expect(view.id).toBe(person.id);
    expect(view.redirectedFrom).toBe(merged!.id);
    await expect(
      getProfileView(handle.db, analyst, { id: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toThrow(/does not exist/);
  });

  it("pages the timeline newest first and filters it by channel", async () => {
    const all = await listProfileTimeline(handle.db, analyst, { profileId: person.id, pageSize: 200 });
    const times = all.entries.map((e) => e.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.total).toBe(all.channelCounts.reduce((sum, c) => sum + c.count, 0));
    // The fixture gives this person events: an empty timeline fails here.
    expect(all.entries.length).toBeGreaterThan(0);
    const { channel, count } = all.channelCounts[0]!;
    const filtered = await listProfileTimeline(handle.db, analyst, {
      profileId: person.id,
      channels: [channel as "web"],
    });
    expect(filtered.entries.length).toBe(Math.min(count, filtered.entries.length));
    expect(filtered.entries.length).toBeGreaterThan(0);
    expect(filtered.total).toBe(count);
    for (const entry of filtered.entries) expect(entry.channel).toBe(channel);
    // A channel this person has no events on gives nothing: a filter that is ignored fails here.
    const absent = (
      ["purchase", "ticket", "email", "web", "call", "sms", "chat", "store", "other"] as const
    ).find((c) => !all.channelCounts.some((counted) => counted.channel === c))!;
    const none = await listProfileTimeline(handle.db, analyst, { profileId: person.id, channels: [absent] });
    expect(none.entries).toEqual([]);
    expect(none.total).toBe(0);
  });

  it("tells a watcher when its profile is notified on c360_profiles, and only that profile", async () => {
    const seen: string[] = [];
    const stop = await watchProfileChanges(handle, person.id, (id) => seen.push(id));
    await handle.db.execute(
      sql`select pg_notify('c360_profiles', ${"00000000-0000-4000-8000-000000000000"})`,
    );
    await handle.db.execute(sql`select pg_notify('c360_profiles', ${person.id})`);
    await expect.poll(() => seen, { timeout: 10_000 }).toEqual([person.id]);
    stop();
    await handle.db.execute(sql`select pg_notify('c360_profiles', ${person.id})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toEqual([person.id]);
  });
});
