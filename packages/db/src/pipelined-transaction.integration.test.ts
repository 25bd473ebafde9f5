import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pipelinedTransaction, queryRows } from "./client";
import { createTestDatabase, type TestDatabase } from "./testing";

// The helper runs on both drivers: pipelined on PostgreSQL, one statement after another on PGlite. Every
// behaviour below must hold on both.
/** The database's own message, whether the driver's error or drizzle's wrapper of it (its cause) carries it. */
const failedWith = (pattern: RegExp) => (error: unknown) => {
  const messages = [error, (error as { cause?: unknown }).cause].map((e) =>
    e instanceof Error ? e.message : "",
  );
  return messages.some((message) => pattern.test(message));
};

describe("pipelinedTransaction", () => {
  let handle: TestDatabase;
  const count = async () =>
    (await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from pipelined_rows`))[0]!.n;
  const notInTransaction = async () => {
    // Several at once, so every pooled connection is asked: none may be left inside a transaction (an aborted one
    // refuses the query; an open one has the transaction id its inserts took).
    const states = await Promise.all(
      [1, 2, 3, 4].map(() =>
        queryRows<{ xid: string | null }>(
          handle.db,
          sql`select pg_current_xact_id_if_assigned()::text as xid, pg_sleep(0.02)`,
        ),
      ),
    );
    return states.every((rows) => rows[0]!.xid === null);
  };

  beforeAll(async () => {
    handle = await createTestDatabase();
    await handle.db.execute(sql`create table pipelined_rows (id int primary key, note text)`);
    await handle.db.execute(sql`create table pipelined_counter (n int not null)`);
  });
  afterAll(async () => {
    await handle?.destroy();
  });
  beforeEach(async () => {
    await handle.db.execute(sql`truncate pipelined_rows`);
  });

  it("runs the opening statements, the work and the closing statements in one transaction, and commits", async () => {
    const result = await pipelinedTransaction(
      handle.db,
      [
        sql`select pg_current_xact_id()::text as xid`,
        sql`insert into pipelined_rows values (1, 'opening') returning id`,
      ],
      async (tx, [xid, inserted]) => {
        const [inWork] = await queryRows<{ xid: string }>(tx, sql`select pg_current_xact_id()::text as xid`);
        await tx.execute(sql`insert into pipelined_rows values (2, 'work')`);
        return {
          result: { openingXid: xid![0]!.xid, workXid: inWork!.xid, inserted: inserted![0]!.id },
          closing: [
            sql`insert into pipelined_rows values (3, 'closing')`,
            sql`update pipelined_rows set note = note || '!'`,
          ],
        };
      },
    );
    expect(result.openingXid).toBe(result.workXid);
    expect(result.inserted).toBe(1);
    const rows = await queryRows<{ id: number; note: string }>(
      handle.db,
      sql`select id, note from pipelined_rows order by id`,
    );
    expect(rows).toEqual([
      { id: 1, note: "opening!" },
      { id: 2, note: "work!" },
      { id: 3, note: "closing!" },
    ]);
  });

  it("rolls everything back when a closing statement fails, and throws that statement's error", async () => {
    const attempt = pipelinedTransaction(
      handle.db,
      [sql`insert into pipelined_rows values (1, 'opening')`],
      async (tx) => {
        await tx.execute(sql`insert into pipelined_rows values (2, 'work')`);
        return {
          result: null,
          // The second insert breaks the primary key; the statement after it fails only because the first failed.
          closing: [
            sql`insert into pipelined_rows values (3, 'closing')`,
            sql`insert into pipelined_rows values (1, 'again')`,
            sql`select 1`,
          ],
        };
      },
    );
    await expect(attempt).rejects.toSatisfy(
      failedWith(/duplicate key value violates unique constraint "pipelined_rows_pkey"/),
    );
    expect(await count()).toBe(0);
    expect(await notInTransaction()).toBe(true);
    // The connection went back to the pool usable: the next transaction commits.
    await pipelinedTransaction(
      handle.db,
      [sql`insert into pipelined_rows values (5, 'after')`],
      async () => ({ result: null }),
    );
    expect(await count()).toBe(1);
  });

  it("does not run the work when an opening statement fails, and leaves nothing behind", async () => {
    let ran = false;
    const attempt = pipelinedTransaction(
      handle.db,
      [
        sql`insert into pipelined_rows values (1, 'opening')`,
        sql`select 1 / 0`,
        sql`insert into pipelined_rows values (2, 'later')`,
      ],
      async () => {
        ran = true;
        return { result: null };
      },
    );
    await expect(attempt).rejects.toSatisfy(failedWith(/division by zero/));
    expect(ran).toBe(false);
    expect(await count()).toBe(0);
  });

  it("rolls back when the work throws, and throws the work's error", async () => {
    const attempt = pipelinedTransaction(
      handle.db,
      [sql`insert into pipelined_rows values (1, 'opening')`],
      async (tx) => {
        await tx.execute(sql`insert into pipelined_rows values (2, 'work')`);
        throw new Error("the work changed its mind");
      },
    );
    await expect(attempt).rejects.toThrow("the work changed its mind");
    expect(await count()).toBe(0);
    expect(await notInTransaction()).toBe(true);
  });

  it("nests: a transaction inside the work is a savepoint, rolled back alone when it fails", async () => {
    await pipelinedTransaction(
      handle.db,
      [sql`insert into pipelined_rows values (1, 'opening')`],
      async (tx) => {
        await expect(
          tx.transaction(async (inner) => {
            await inner.execute(sql`insert into pipelined_rows values (2, 'inner, rolled back')`);
            throw new Error("inner failure");
          }),
        ).rejects.toThrow("inner failure");
        await tx.transaction(async (inner) => {
          await inner.execute(sql`insert into pipelined_rows values (3, 'inner, kept')`);
        });
        return { result: null, closing: [sql`insert into pipelined_rows values (4, 'closing')`] };
      },
    );
    const rows = await queryRows<{ id: number }>(handle.db, sql`select id from pipelined_rows order by id`);
    expect(rows.map((r) => r.id)).toEqual([1, 3, 4]);
  });

  it("takes a lock opened with BEGIN before the next opening statement reads: concurrent increments are not lost", async () => {
    await handle.db.execute(sql`delete from pipelined_counter`);
    await handle.db.execute(sql`insert into pipelined_counter values (0)`);
    const lock = sql`select pg_advisory_xact_lock(hashtext('pipelined-transaction-test'))`;
    // Each reads the counter right after taking the lock and writes n + 1 with its commit. Had the read's snapshot
    // been taken before the lock was granted, two of them would read the same n and an increment would be lost.
    await Promise.all(
      Array.from({ length: 8 }, () =>
        pipelinedTransaction(
          handle.db,
          [lock, sql`select n from pipelined_counter`],
          async (_tx, [, read]) => {
            await new Promise((resolve) => setTimeout(resolve, 5));
            return {
              result: null,
              closing: [sql`update pipelined_counter set n = ${Number(read![0]!.n) + 1}`],
            };
          },
        ),
      ),
    );
    const [counter] = await queryRows<{ n: number }>(handle.db, sql`select n from pipelined_counter`);
    expect(counter!.n).toBe(8);
  });
});
