// A transaction of derived data commits without waiting for the disk, and only that transaction: the setting must
// not stay on the pooled connection for the next caller's durable commit (an import's, a steward's).
import { pipelinedTransaction, queryRows } from "@c360/db/client";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { derivedDataCommit } from "./derived-commit";

describe("derivedDataCommit", () => {
  let handle: TestDatabase;
  const setting = sql`select current_setting('synchronous_commit') as value`;
  /** The setting on every pooled connection (several queries at once, so each connection is asked). */
  const settingsOutside = async () =>
    Promise.all(
      [1, 2, 3, 4].map(async () => {
        const [row] = await queryRows<{ value: string }>(
          handle.db,
          sql`select current_setting('synchronous_commit') as value, pg_sleep(0.02)`,
        );
        return row!.value;
      }),
    );

  beforeAll(async () => {
    handle = await createTestDatabase();
    await handle.db.execute(sql`create table derived_rows (id int primary key)`);
  });
  afterAll(async () => {
    await handle?.destroy();
  });

  it("holds for the whole transaction it opens, and commits what it wrote", async () => {
    const seen = await pipelinedTransaction(
      handle.db,
      [derivedDataCommit, setting],
      async (tx, [, opening]) => {
        const [inWork] = await queryRows<{ value: string }>(tx, setting);
        return {
          result: { opening: (opening as { value: string }[])[0]!.value, work: inWork!.value },
          closing: [sql`insert into derived_rows values (1)`],
        };
      },
    );
    expect(seen).toEqual({ opening: "off", work: "off" });
    const rows = await queryRows<{ id: number }>(handle.db, sql`select id from derived_rows`);
    expect(rows).toEqual([{ id: 1 }]);
    expect(await settingsOutside()).toEqual(["on", "on", "on", "on"]);
  });

  it("ends with a transaction that rolls back", async () => {
    await expect(
      pipelinedTransaction(handle.db, [derivedDataCommit], async () => {
        throw new Error("decided against");
      }),
    ).rejects.toThrow("decided against");
    expect(await settingsOutside()).toEqual(["on", "on", "on", "on"]);
  });
});
