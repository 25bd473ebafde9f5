import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { queryRows } from "./client";
import { migrateDatabase, migrationsFolder } from "./migrate";
import { createTestDatabase } from "./testing";

/** A copy of the committed migrations with one more that fails half-way. */
function migrationsWithBrokenLast(): string {
  const folder = mkdtempSync(join(tmpdir(), "c360-migrations-"));
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as {
    entries: { idx: number; when: number; tag: string; breakpoints: boolean; version: string }[];
  };
  const last = journal.entries.at(-1)!;
  const tag = `${String(last.idx + 1).padStart(4, "0")}_broken`;
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag });
  writeFileSync(journalPath, JSON.stringify(journal));
  writeFileSync(
    join(folder, `${tag}.sql`),
    `CREATE TABLE "half_done" ("id" integer);\n--> statement-breakpoint\nSELECT no_such_function();`,
  );
  return folder;
}

describe("migrations", () => {
  const folders: string[] = [];
  afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

  it("are idempotent: running them again changes nothing", async () => {
    const handle = await createTestDatabase();
    try {
      await migrateDatabase(handle);
      const rows = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from information_schema.tables where table_name = 'users'`,
      );
      expect(rows[0]?.n).toBe(1);
    } finally {
      await handle.destroy();
    }
  });

  it("0013 keeps how many values competed and drops the copied candidates, leaving other rows alone", async () => {
    const handle = await createTestDatabase();
    try {
      const [source] = await queryRows<{ id: string }>(
        handle.db,
        sql`insert into sources (name, kind) values ('crm', 'crm') returning id`,
      );
      const [profile] = await queryRows<{ id: string }>(
        handle.db,
        sql`insert into profiles (display_name) values ('Ada') returning id`,
      );
      const [record] = await queryRows<{ id: string }>(
        handle.db,
        sql`insert into source_records (source_id, external_id, content_hash, raw) values (${source!.id}, 'C-1', 'h', '{}') returning id`,
      );
      // As rows were written before 0013: every member's value copied in, two of the three the same.
      const legacy = {
        rules: ["most_trusted_source", "most_recent"],
        candidates: ["ada@crm.example", "ada@crm.example", "ada@web.example"].map((value) => ({
          value,
          sourceRecordId: record!.id,
          sourceName: "crm",
        })),
      };
      await handle.db
        .execute(sql`insert into golden_attributes (profile_id, attribute, value, source_record_id, rule, rule_detail) values
        (${profile!.id}, 'email', '"ada@crm.example"', ${record!.id}, 'most_trusted_source', ${JSON.stringify(legacy)}::jsonb),
        (${profile!.id}, 'phone', '"+17025550100"', null, 'steward_override', '{"override": {"setBy": "steward"}}'::jsonb)`);
      await handle.db.execute(
        sql.raw(readFileSync(join(migrationsFolder, "0013_golden_candidates_from_members.sql"), "utf8")),
      );
      const rows = await queryRows<{ attribute: string; rule_detail: unknown }>(
        handle.db,
        sql`select attribute, rule_detail from golden_attributes order by attribute`,
      );
      expect(rows).toEqual([
        {
          attribute: "email",
          rule_detail: { rules: ["most_trusted_source", "most_recent"], distinctValues: 2 },
        },
        { attribute: "phone", rule_detail: { override: { setBy: "steward" } } },
      ]);
    } finally {
      await handle.destroy();
    }
  });

  it("never leave the database half-migrated when one fails", async () => {
    const handle = await createTestDatabase();
    const folder = migrationsWithBrokenLast();
    folders.push(folder);
    try {
      await expect(migrateDatabase(handle, folder)).rejects.toThrow();
      const rows = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from information_schema.tables where table_name = 'half_done'`,
      );
      expect(rows[0]?.n).toBe(0);
    } finally {
      await handle.destroy();
    }
  });
});
