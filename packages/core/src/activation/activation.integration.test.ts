import type { Database } from "@c360/db/client";
import { auditLog, exportRuns, interactions, users } from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { and, desc, eq } from "drizzle-orm";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor, userActor, type Actor } from "../actor";
import { ensureStandardPurposes } from "../consent/manage-purposes";
import { getProfileConsent } from "../consent/get-profile-consent";
import { recordGpcOptOut } from "../consent/record-gpc-opt-out";
import { recordStewardConsent } from "../consent/record-steward-consent";
import { createProfile, createRecord, createSource } from "../stewardship/stewardship-fixtures.testing";
import { ensureDemoUsers } from "../users/ensure-demo-users";
import type { WebhookPolicy } from "./check-webhook-target";
import { createExport } from "./manage-exports";
import { definitionOf, previewSegment, saveSegment } from "./manage-segments";
import { runExport } from "./run-export";
import type { SegmentGroup } from "./segment-rules";

describe("segments and consent-gated exports", () => {
  let handle: TestDatabase;
  let db: Database;
  let lead: Actor;
  let admin: Actor;
  let source: string;
  const people: Record<string, string> = {};
  let received: {
    headers: Record<string, unknown>;
    body: { purpose: string; profiles: { profile_id: string; email: string }[] };
  }[] = [];
  let server: Server;
  let serverUrl: string;
  let answerStatus = 200;
  let allowLocal: WebhookPolicy;

  const austinBuyers: SegmentGroup = {
    kind: "group",
    combinator: "and",
    conditions: [
      { kind: "attribute", attribute: "city", operator: "equals", value: "austin" },
      { kind: "interactions", channel: "purchase", type: null, withinDays: 30, atLeast: 1, atMost: null },
    ],
  };

  async function person(name: string, city: string, daysSincePurchase: number | null) {
    const record = await createRecord(db, source, {
      first_name: name,
      last_name: "Tester",
      email: `${name.toLowerCase()}@example.com`,
      city,
      street: "1 Main St",
    });
    const profileId = await createProfile(db, [record]);
    if (daysSincePurchase !== null) {
      await db.insert(interactions).values({
        profileId,
        sourceRecordId: record,
        sourceId: source,
        channel: "purchase",
        type: "order.placed",
        occurredAt: new Date(Date.now() - daysSincePurchase * 86_400_000),
        amount: "10.00",
        currency: "USD",
      });
    }
    people[name] = profileId;
    return profileId;
  }

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    await ensureDemoUsers(db);
    const all = await db.select().from(users);
    lead = userActor(all.find((u) => u.email === "governance@example.com")!);
    admin = userActor(all.find((u) => u.email === "admin@example.com")!);
    await ensureStandardPurposes(db, lead);
    source = await createSource(db, "shop");
    await person("Ann", "Austin", 3);
    await person("Bob", "Austin", 10);
    await person("Cid", "Austin", 90); // bought too long ago
    await person("Dee", "Dallas", 2); // wrong city
    for (const name of ["Ann", "Bob", "Cid", "Dee"]) {
      await recordStewardConsent(db, lead, {
        profileId: people[name]!,
        purposeKey: "marketing.email",
        status: "given",
      });
    }
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        received.push({ headers: req.headers, body: JSON.parse(body) });
        res.writeHead(answerStatus, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/c360`;
    // The local receiver is a loopback address: allowed the way an operator would, with C360_WEBHOOK_ALLOWED_HOSTS.
    allowLocal = { allowedHosts: [`127.0.0.1:${(server.address() as AddressInfo).port}`] };
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await handle?.destroy();
  });

  it("previews a segment of golden attributes and recent purchases, with who may be exported for a purpose", async () => {
    expect(await previewSegment(db, lead, { definition: austinBuyers })).toMatchObject({
      matched: 2,
      consented: null,
    });
    expect(
      await previewSegment(db, lead, { definition: austinBuyers, purposeKey: "marketing.sms" }),
    ).toMatchObject({ matched: 2, consented: 0, excludedForConsent: 2 });
    const either: SegmentGroup = {
      kind: "group",
      combinator: "or",
      conditions: [
        { kind: "attribute", attribute: "city", operator: "starts_with", value: "Dal" },
        austinBuyers,
      ],
    };
    expect(await previewSegment(db, lead, { definition: either })).toMatchObject({
      matched: 3,
      summary: expect.stringContaining('city starts with "Dal" or (city equals "austin"'),
    });
    // Values are bound parameters, never SQL: a quote is just a character of the city name.
    expect(
      await previewSegment(db, lead, {
        definition: {
          kind: "group",
          combinator: "and",
          conditions: [{ kind: "attribute", attribute: "city", operator: "equals", value: "x' or '1'='1" }],
        },
      }),
    ).toMatchObject({ matched: 0 });
    await expect(
      previewSegment(db, lead, {
        definition: {
          kind: "group",
          combinator: "and",
          conditions: [
            { kind: "attribute", attribute: "national_id" as "city", operator: "equals", value: "1" },
          ],
        },
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("attribute must be one of"),
    });
  });

  it("a withdrawal excludes the person from the very next CSV export, and every run is recorded", async () => {
    const segment = await saveSegment(db, lead, { name: "Austin buyers", definition: austinBuyers });
    const exp = await createExport(db, lead, {
      name: "Austin newsletter",
      segmentId: segment.id,
      purposeKey: "marketing.email",
      kind: "csv",
      fields: ["first_name", "email", "city"],
    });
    const first = await runExport(db, admin, { exportId: exp.id });
    expect(first.run).toMatchObject({
      status: "completed",
      matchedCount: 2,
      exportedCount: 2,
      excludedForConsentCount: 0,
      actorLabel: "admin@example.com",
      channel: "email",
    });
    expect(first.csv).toContain(`${people.Bob},Bob,bob@example.com,Austin`);
    expect(first.csv!.split("\r\n")[0]).toBe("profile_id,first_name,email,city");

    await recordStewardConsent(db, lead, {
      profileId: people.Bob!,
      purposeKey: "marketing.email",
      status: "withdrawn",
    });
    const next = await runExport(db, admin, { exportId: exp.id });
    expect(next.run).toMatchObject({ matchedCount: 2, exportedCount: 1, excludedForConsentCount: 1 });
    expect(next.csv).not.toContain(people.Bob);
    expect(next.csv).toContain(people.Ann);

    // The lead cannot read personal data in the portal, but activation:export lets consented contact points out
    // to the destination, and the audit says by which right.
    const sent = await runExport(db, lead, { exportId: exp.id });
    expect(sent.csv).toContain(`${people.Ann},Ann,ann@example.com,Austin`);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "activation.export_run"), eq(auditLog.actorLabel, lead.label)))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(audit!.details).toMatchObject({ masked: false, contactPointsBy: "activation:export" });
    // Without either right the same run masks them.
    const withoutExport = {
      ...lead,
      permissions: new Set([...lead.permissions].filter((p) => p !== "activation:export")),
    };
    const masked = await runExport(db, withoutExport, { exportId: exp.id });
    expect(masked.csv).toContain(`${people.Ann},Ann,a•••@•••.com,Austin`);
    const runs = await db.select().from(exportRuns).where(eq(exportRuns.exportId, exp.id));
    expect(runs.map((r) => r.exportedCount).sort()).toEqual([1, 1, 1, 2]);
  });

  it("pushes to a webhook (a real local HTTP server) only the consented profiles, and records a failing answer", async () => {
    const segment = await saveSegment(db, lead, {
      name: "Everyone in Austin",
      definition: {
        kind: "group",
        combinator: "and",
        conditions: [{ kind: "attribute", attribute: "city", operator: "equals", value: "Austin" }],
      },
    });
    const exp = await createExport(
      db,
      lead,
      {
        name: "Austin to ESP",
        segmentId: segment.id,
        purposeKey: "marketing.email",
        kind: "webhook",
        webhookUrl: serverUrl,
        fields: ["email"],
      },
      { webhookPolicy: allowLocal },
    );
    received = [];
    const result = await runExport(db, admin, { exportId: exp.id }, { webhookPolicy: allowLocal });
    expect(result.run).toMatchObject({
      status: "completed",
      httpStatus: 200,
      matchedCount: 3,
      exportedCount: 2,
      excludedForConsentCount: 1,
    });
    expect(received).toHaveLength(1);
    expect(received[0]!.headers["x-c360-export-run"]).toBe(result.run.id);
    expect(received[0]!.body.purpose).toBe("marketing.email");
    expect(received[0]!.body.profiles.map((p) => p.profile_id).sort()).toEqual(
      [people.Ann, people.Cid].sort(),
    );
    expect(received[0]!.body.profiles.find((p) => p.profile_id === people.Ann)!.email).toBe(
      "ann@example.com",
    );

    await recordStewardConsent(db, lead, {
      profileId: people.Cid!,
      purposeKey: "marketing.email",
      status: "withdrawn",
    });
    answerStatus = 503;
    received = [];
    const failed = await runExport(db, admin, { exportId: exp.id }, { webhookPolicy: allowLocal });
    expect(failed.run).toMatchObject({
      status: "failed",
      httpStatus: 503,
      exportedCount: 1,
      error: expect.stringContaining("HTTP 503"),
    });
    expect(received[0]!.body.profiles.map((p) => p.profile_id)).toEqual([people.Ann]);
    answerStatus = 200;
  });

  it("lets a purpose-wide refusal (a Global Privacy Control signal) hold over an earlier yes for one channel", async () => {
    const segment = await saveSegment(db, lead, {
      name: "Dallas sharing",
      definition: {
        kind: "group",
        combinator: "and",
        conditions: [{ kind: "attribute", attribute: "city", operator: "equals", value: "Dallas" }],
      },
    });
    const partners = await createExport(db, lead, {
      name: "Partners by email",
      segmentId: segment.id,
      purposeKey: "sharing.third_party",
      channel: "email",
      kind: "csv",
      fields: ["email"],
    });
    await recordStewardConsent(db, lead, {
      profileId: people.Dee!,
      purposeKey: "sharing.third_party",
      channel: "email",
      status: "given",
    });
    expect((await runExport(db, admin, { exportId: partners.id })).csv).toContain(people.Dee);
    expect(
      await previewSegment(db, lead, {
        definition: definitionOf(segment),
        purposeKey: "sharing.third_party",
        channel: "email",
      }),
    ).toMatchObject({ consented: 1 });

    await recordGpcOptOut(db, systemActor("source:shop"), { profileId: people.Dee! });
    const after = await runExport(db, admin, { exportId: partners.id });
    expect(after.run).toMatchObject({ matchedCount: 1, exportedCount: 0, excludedForConsentCount: 1 });
    expect(after.csv).not.toContain(people.Dee);
    expect(
      await previewSegment(db, lead, {
        definition: definitionOf(segment),
        purposeKey: "sharing.third_party",
        channel: "email",
      }),
    ).toMatchObject({ consented: 0 });
    // The person's consent page says why the channel's yes no longer counts.
    const sharing = (await getProfileConsent(db, lead, people.Dee!)).grid.find(
      (g) => g.purposeKey === "sharing.third_party",
    )!.cells;
    expect(sharing.find((c) => c.channel === "email")).toMatchObject({
      status: "given",
      overriddenBy: { channel: "", status: "refused" },
    });
    expect(sharing.find((c) => c.channel === "")).toMatchObject({ status: "refused", overriddenBy: null });

    // A later purpose-wide yes reopens it; a yes for one channel alone never stands for every channel.
    await recordStewardConsent(db, lead, {
      profileId: people.Dee!,
      purposeKey: "sharing.third_party",
      channel: "",
      status: "given",
    });
    expect((await runExport(db, admin, { exportId: partners.id })).csv).toContain(people.Dee);
    await recordStewardConsent(db, lead, {
      profileId: people.Dee!,
      purposeKey: "sharing.third_party",
      channel: "",
      status: "withdrawn",
    });
    const anyChannel = await createExport(db, lead, {
      name: "Partners, any channel",
      segmentId: segment.id,
      purposeKey: "sharing.third_party",
      kind: "csv",
      fields: ["email"],
    });
    expect((await runExport(db, admin, { exportId: anyChannel.id })).run).toMatchObject({
      exportedCount: 0,
      excludedForConsentCount: 1,
    });
  });

  it("refuses a webhook export without a URL and an export for an unknown purpose", async () => {
    const segment = await saveSegment(db, lead, {
      name: "Dallas",
      definition: {
        kind: "group",
        combinator: "and",
        conditions: [{ kind: "attribute", attribute: "city", operator: "equals", value: "Dallas" }],
      },
    });
    await expect(
      createExport(db, lead, {
        name: "x",
        segmentId: segment.id,
        purposeKey: "marketing.email",
        kind: "webhook",
      }),
    ).rejects.toMatchObject({
      message: expect.stringContaining("needs the URL"),
    });
    await expect(
      createExport(db, lead, { name: "y", segmentId: segment.id, purposeKey: "marketing.fax", kind: "csv" }),
    ).rejects.toMatchObject({
      message: expect.stringContaining("Unknown consent purpose marketing.fax"),
    });
  });

  it("refuses webhooks to loopback and private addresses unless the host is allowed, and stores no network detail", async () => {
    const segment = await saveSegment(db, lead, {
      name: "Austin, SSRF probe",
      definition: {
        kind: "group",
        combinator: "and",
        conditions: [{ kind: "attribute", attribute: "city", operator: "equals", value: "Austin" }],
      },
    });
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const nobody: WebhookPolicy = { allowedHosts: [] };
    for (const url of [
      serverUrl,
      `http://localhost:${closed}/x`,
      "http://[::1]:5432/",
      "http://169.254.169.254/latest/meta-data/",
    ]) {
      await expect(
        createExport(
          db,
          lead,
          {
            name: `probe ${url}`,
            segmentId: segment.id,
            purposeKey: "marketing.email",
            kind: "webhook",
            webhookUrl: url,
            fields: ["email"],
          },
          { webhookPolicy: nobody },
        ),
        url,
      ).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining("C360_WEBHOOK_ALLOWED_HOSTS"),
      });
    }

    // An export saved while the host was allowed is checked again when it runs: nothing is sent.
    const exp = await createExport(
      db,
      lead,
      {
        name: "Austin to a local receiver",
        segmentId: segment.id,
        purposeKey: "marketing.email",
        kind: "webhook",
        webhookUrl: serverUrl,
        fields: ["email"],
      },
      { webhookPolicy: allowLocal },
    );
    received = [];
    const refused = await runExport(db, admin, { exportId: exp.id }, { webhookPolicy: nobody });
    expect(refused.run).toMatchObject({
      status: "failed",
      httpStatus: null,
      error: expect.stringContaining("loopback"),
    });
    expect(received).toHaveLength(0);

    // An allowed host whose port is closed: the stored text says nothing of why (refused, reset, timed out).
    const closedUrl = `http://127.0.0.1:${closed}/hooks`;
    const dead = await createExport(
      db,
      lead,
      {
        name: "Austin to a closed port",
        segmentId: segment.id,
        purposeKey: "marketing.email",
        kind: "webhook",
        webhookUrl: closedUrl,
        fields: ["email"],
      },
      { webhookPolicy: { allowedHosts: ["127.0.0.1"] } },
    );
    const failed = await runExport(
      db,
      admin,
      { exportId: dead.id },
      { webhookPolicy: { allowedHosts: ["127.0.0.1"] } },
    );
    expect(failed.run.status).toBe("failed");
    expect(failed.run.error).toContain("The destination refused or could not be reached.");
    expect(failed.run.error).not.toMatch(/ECONN|closed|refused \(|socket|127\.0\.0\.1|\d{4,5}/);
  });
});
