// `c360 triggers` in-process on its own database (PGlite folder, or a fresh PostgreSQL database with DATABASE_URL):
// apply a file, apply it again (unchanged), a bad file names its fields and applies nothing, list, disable.
import { openDatabase, queryRows } from "@c360/db/client";
import { migrateDatabase } from "@c360/db/migrate";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { systemActor } from "@c360/core/actor";
import { ensureStandardPurposes } from "@c360/core/consent/manage-purposes";
import { sql } from "drizzle-orm";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../main";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) }, out, err };
}

describe("c360 triggers", () => {
  const dir = mkdtempSync(join(tmpdir(), "c360-triggers-cli-"));
  const saved = {
    url: process.env.DATABASE_URL,
    dir: process.env.C360_DATA_DIR,
    hosts: process.env.C360_WEBHOOK_ALLOWED_HOSTS,
  };
  let testDb: TestDatabase | null = null;

  beforeAll(async () => {
    if (saved.url) {
      testDb = await createTestDatabase();
      process.env.DATABASE_URL = testDb.url!;
      await ensureStandardPurposes(testDb.db, systemActor("test"));
      await testDb.close();
    } else {
      process.env.C360_DATA_DIR = join(dir, "db");
      const handle = await openDatabase();
      await migrateDatabase(handle);
      await ensureStandardPurposes(handle.db, systemActor("test"));
      await handle.close();
    }
  });
  afterAll(async () => {
    if (testDb) await testDb.destroy().catch(() => undefined);
    if (saved.url) process.env.DATABASE_URL = saved.url;
    process.env.C360_DATA_DIR = saved.dir;
    process.env.C360_WEBHOOK_ALLOWED_HOSTS = saved.hosts;
    rmSync(dir, { recursive: true, force: true });
  });

  const trigger = {
    key: "big-order",
    name: "Big order",
    condition: {
      kind: "event",
      event: "Order Completed",
      where: [{ property: "revenue", op: "gt", value: 200 }],
    },
    action: { kind: "webhook", url: "http://127.0.0.1:9/hook" },
    consent: { purpose: "marketing.email" },
  };

  it("applies, versions, lists and switches triggers; a bad file names its fields and changes nothing", async () => {
    const file = join(dir, "triggers.json");
    writeFileSync(file, JSON.stringify({ triggers: [trigger] }));
    // Loopback is refused until the operator allows it.
    delete process.env.C360_WEBHOOK_ALLOWED_HOSTS;
    let c = capture();
    expect(await runCli(["triggers", "apply", "--file", file], c.io)).toBe(1);
    expect(c.err.join("\n")).toContain("triggers.0.action.url");
    process.env.C360_WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";

    c = capture();
    expect(await runCli(["triggers", "apply", "--file", file], c.io)).toBe(0);
    expect(c.out[0]).toBe("c360 triggers: big-order created (version 1, on)");
    expect(c.out[1]).toMatch(/signing secret .*: whsec_[A-Za-z0-9_-]{43}$/);

    c = capture();
    expect(await runCli(["triggers", "apply", "--file", file], c.io)).toBe(0);
    expect(c.out).toEqual(["c360 triggers: big-order unchanged (version 1, on)"]);

    writeFileSync(file, JSON.stringify([{ ...trigger, cap: { max: 1, perHours: 24 } }]));
    c = capture();
    expect(await runCli(["triggers", "apply", "--file", file], c.io)).toBe(0);
    expect(c.out).toEqual(["c360 triggers: big-order updated (version 2, on)"]);

    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify([
        {
          ...trigger,
          key: "second",
          condition: { kind: "event", event: "", where: [{ property: "revenue", op: "gt" }] },
        },
        { ...trigger, key: "third", consent: { purpose: "no.such.purpose" } },
      ]),
    );
    c = capture();
    expect(await runCli(["triggers", "apply", "--file", bad], c.io)).toBe(1);
    expect(c.err.join("\n")).toContain("triggers.0.condition.event: name the event");
    expect(c.err.join("\n")).toContain("triggers.0.condition.where.0.value: gt needs a value");

    c = capture();
    expect(await runCli(["triggers", "disable", "big-order"], c.io)).toBe(0);
    expect(c.out).toEqual(["c360 triggers: big-order off (version 3)"]);
    c = capture();
    expect(await runCli(["triggers", "list"], c.io)).toBe(0);
    expect(c.out[0]).toMatch(
      /^big-order\tv3\toff\tOrder Completed \(revenue gt 200\) -> POST to http:\/\/127\.0\.0\.1:9\/hook\t7 days: fired 0/,
    );

    // A dead letter (as 24 hours of failures leave it) is queued again by replay. The embedded database is opened by
    // one handle at a time: this one is closed before the command opens its own.
    const seeding = await openDatabase();
    await seeding.db
      .execute(sql`insert into trigger_deliveries (trigger_id, trigger_version, profile_id, status, payload, deadline_at, attempts)
        select id, 3, gen_random_uuid(), 'dead', '{}'::jsonb, now(), 30 from triggers where key = 'big-order'`);
    await seeding.close();
    c = capture();
    expect(await runCli(["triggers", "replay", "big-order"], c.io)).toBe(0);
    expect(c.out).toEqual(["c360 triggers: 1 dead letters of big-order queued again"]);

    const handle = await openDatabase();
    try {
      const [state] = await queryRows<{ status: string; round: number }>(
        handle.db,
        sql`select status::text, round from trigger_deliveries`,
      );
      expect(state).toEqual({ status: "pending", round: 1 });
      const versions = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from trigger_versions`,
      );
      const audited = await queryRows<{ action: string }>(
        handle.db,
        sql`select action from audit_log where action like 'trigger.%' order by id`,
      );
      expect(versions[0]!.n).toBe(3);
      expect(audited.map((a) => a.action)).toEqual([
        "trigger.create",
        "trigger.update",
        "trigger.disable",
        "trigger.replay",
      ]);
    } finally {
      await handle.close();
    }
  });

  it("applies profile-change triggers and NATS actions from a file, naming a wrong condition by its field", async () => {
    const file = join(dir, "profile-changes.json");
    const optOut = {
      key: "email-opt-out",
      name: "Opt-out to the CRM",
      condition: { kind: "consent", purpose: "marketing.email", change: "withdrawn" },
      action: { kind: "nats", subject: "crm.optouts" },
      consent: { purpose: "analytics.profiling" },
    };
    const moved = {
      key: "moved",
      name: "Moved",
      condition: { kind: "attribute", attributes: ["city", "postcode"] },
      action: { kind: "webhook", url: "http://127.0.0.1:9/moved" },
      consent: { purpose: "analytics.profiling" },
    };
    writeFileSync(
      file,
      JSON.stringify([{ ...optOut, condition: { ...optOut.condition, change: "gone" } }, moved]),
    );
    let c = capture();
    expect(await runCli(["triggers", "apply", "--file", file], c.io)).toBe(1);
    expect(c.err.join("\n")).toContain("triggers.0.condition.change: change must be given or withdrawn");

    writeFileSync(file, JSON.stringify([optOut, moved]));
    c = capture();
    expect(await runCli(["triggers", "apply", "--file", file], c.io)).toBe(0);
    expect(c.out[0]).toBe("c360 triggers: email-opt-out created (version 1, on)");
    c = capture();
    expect(await runCli(["triggers", "list"], c.io)).toBe(0);
    expect(c.out.find((l) => l.startsWith("email-opt-out"))).toMatch(
      /^email-opt-out\tv1\ton\tconsent withdrawn for marketing\.email -> publish to NATS crm\.optouts\t/,
    );
    expect(c.out.find((l) => l.startsWith("moved"))).toMatch(/\tgolden city, postcode changed -> POST to /);
  });
});
