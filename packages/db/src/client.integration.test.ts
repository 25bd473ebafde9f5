import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseUnavailableError, openDatabase, queryRows } from "./client";
import { auditLog, users } from "./schema";
import { createTestDatabase, type TestDatabase } from "./testing";

describe("database client", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.destroy();
  });

  it("uses PostgreSQL when DATABASE_URL is set and PGlite otherwise", () => {
    expect(handle.driver).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
  });

  it("keeps GIN pending lists short in every session, on every pooled connection", async () => {
    // Several at once, so a pool hands out more than one connection.
    const settings = await Promise.all(
      [1, 2, 3, 4].map(() =>
        queryRows<{ limit: string }>(
          handle.db,
          sql`select current_setting('gin_pending_list_limit') as limit, pg_sleep(0.05)`,
        ),
      ),
    );
    expect(settings.map((rows) => rows[0]?.limit)).toEqual(["64kB", "64kB", "64kB", "64kB"]);
  });

  it.runIf(process.env.DATABASE_URL)(
    "prepares statements on PostgreSQL, raw and built, in transactions and savepoints too",
    async () => {
      const prepared = await handle.db.transaction(async (tx) => {
        await tx.execute(sql`select ${1}::int as prepared_marker_raw`);
        await tx
          .select()
          .from(users)
          .where(sql`${users.email} = ${"prepared-marker@example.com"}`);
        await tx.transaction(async (savepoint) => {
          await savepoint.execute(sql`select ${2}::int as prepared_marker_savepoint`);
        });
        // The transaction's connection lists the statements it prepared (unnamed ones are not listed).
        return queryRows<{ statement: string }>(
          tx,
          sql`select statement from pg_prepared_statements
            where statement like '%prepared\_marker%' or statement like '%from "users"%'`,
        );
      });
      const statements = prepared.map((p) => p.statement).join("\n");
      expect(statements).toContain("prepared_marker_raw");
      expect(statements).toContain('from "users"');
      expect(statements).toContain("prepared_marker_savepoint");
    },
  );

  it("applies the migrations: the tables exist and constraints hold", async () => {
    const [user] = await handle.db
      .insert(users)
      .values({ email: "Ada@Example.com", name: "Ada", role: "analyst" })
      .returning();
    expect(user?.id).toMatch(/^[0-9a-f-]{36}$/);
    // e-mail uniqueness ignores case, so two accounts cannot differ only by capitals
    await expect(
      handle.db.insert(users).values({ email: "ada@example.com", name: "Ada 2", role: "analyst" }),
    ).rejects.toThrow();
    await handle.db
      .insert(auditLog)
      .values({ actorUserId: user!.id, actorLabel: user!.email, action: "test.write" });
    const rows = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from audit_log`);
    expect(rows[0]?.n).toBe(1);
  });

  it("reports an unreachable PostgreSQL as one clear line without the password", async () => {
    const attempt = openDatabase({ url: "postgres://someone:secret@127.0.0.1:1/nowhere" });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(attempt).rejects.toThrow(/Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/nowhere/);
    await attempt.catch((error: Error) => expect(error.message).not.toContain("secret"));
  });
});
