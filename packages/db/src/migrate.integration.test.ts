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
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { idx: number; when: number; tag: string; breakpoints: boolean; version: string }[] };
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
      const rows = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from information_schema.tables where table_name = 'users'`);
      expect(rows[0]?.n).toBe(1);
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
