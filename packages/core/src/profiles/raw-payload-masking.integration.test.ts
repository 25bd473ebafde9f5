// Issue 18, finding 2: raw source fields are masked by what the source maps them to, not by their column names.
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setNonPersonalColumns } from "../sources/manage-sources";
import { getProfileView } from "./get-profile-view";
import {
  clearValuesIn,
  GRETA,
  seedPersonalDataFixture,
  type PersonalDataFixture,
} from "./personal-data-fixture.testing";

describe("raw payloads of a German-mapped source on the profile page", () => {
  let handle: TestDatabase;
  let fixture: PersonalDataFixture;

  beforeAll(async () => {
    handle = await createTestDatabase();
    fixture = await seedPersonalDataFixture(handle.db);
  }, 240_000);
  afterAll(async () => handle?.destroy());

  const gretaRaw = async (role: "analyst" | "governance_lead" | "steward" | "admin") => {
    const view = await getProfileView(handle.db, fixture.actors[role], { id: fixture.gretaProfileId });
    const member = view.members.find((m) => m.externalId === GRETA.externalId);
    expect(member).toBeDefined();
    return { view, raw: member!.raw };
  };

  it.each(["analyst", "governance_lead"] as const)(
    "gives the %s no clear national id, street, postcode or birth date anywhere",
    async (role) => {
      const { view, raw } = await gretaRaw(role);
      expect(clearValuesIn(JSON.stringify(view))).toEqual([]);
      expect(raw).toMatchObject({
        SVNR: "•••",
        Strasse: "•••",
        PLZ: "10•••",
        Geburtstag: "••••-••-••",
        Mail: "s•••@•••.de",
        Telefon: "•••78",
      });
      // Names and the city read as on the golden view; the unmapped note and nested extras are masked whole; the
      // column the steward declared not personal is shown.
      expect(raw).toMatchObject({
        Vorname: GRETA.firstName,
        Nachname: GRETA.lastName,
        Ort: GRETA.city,
        Kundennummer: GRETA.externalId,
      });
      expect(raw).toMatchObject({ Notiz: "•••", Extras: "•••", Kundentyp: GRETA.customerType });
      expect(view.masked).toBe(true);
    },
  );

  it.each(["steward", "admin"] as const)(
    "shows the %s the clear values, and audits the read",
    async (role) => {
      const { view, raw } = await gretaRaw(role);
      expect(raw).toMatchObject({
        SVNR: GRETA.nationalId,
        Strasse: GRETA.street,
        PLZ: GRETA.postcode,
        Geburtstag: GRETA.dob,
        Notiz: GRETA.note,
      });
      expect(view.masked).toBe(false);
      const audited = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from audit_log where actor_user_id = ${fixture.actors[role].userId} and action = 'profile.view_pii' and entity_id = ${fixture.gretaProfileId}`,
      );
      expect(audited[0]!.n).toBeGreaterThanOrEqual(1);
    },
  );

  it("lets a steward declare an unmapped column not personal, never a mapped personal one, and audits it", async () => {
    await expect(
      setNonPersonalColumns(handle.db, fixture.actors.steward, {
        name: fixture.sourceNames.german,
        columns: ["Kundentyp", "SVNR"],
      }),
    ).rejects.toThrow(/"SVNR" feeds a personal field \(national_id\)/);
    const updated = await setNonPersonalColumns(handle.db, fixture.actors.steward, {
      name: fixture.sourceNames.german,
      columns: ["Notiz", "Kundentyp", "Notiz"],
    });
    expect(updated.nonPersonalColumns).toEqual(["Kundentyp", "Notiz"]);
    expect((await gretaRaw("analyst")).raw.Notiz).toBe(GRETA.note);
    const [entry] = await queryRows<{ details: Record<string, unknown> }>(
      handle.db,
      sql`select details from audit_log where action = 'source.classify_columns' and actor_user_id = ${fixture.actors.steward.userId}`,
    );
    expect(entry!.details).toMatchObject({ name: fixture.sourceNames.german, added: ["Notiz"], removed: [] });
    await setNonPersonalColumns(handle.db, fixture.actors.admin, {
      name: fixture.sourceNames.german,
      columns: ["Kundentyp"],
    });
    expect((await gretaRaw("analyst")).raw.Notiz).toBe("•••");
  });
});
