// Every procedure refuses text holding a NUL character before it reaches PostgreSQL (which would fail with a 500).
import { userActor } from "@c360/core/actor";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containsNul } from "./input-guards";
import { createCaller } from "./root";

describe("NUL characters in input", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle?.destroy());

  it("finds NUL anywhere in nested input", () => {
    expect(containsNul({ a: ["x", { b: "y\u0000" }] })).toBe(true);
    expect(containsNul({ a: ["x", { b: "y" }], n: 1, z: null })).toBe(false);
  });

  it("answers BAD_REQUEST naming the character, for a search and a glossary lookup, and a clean query still works", async () => {
    const analyst = userActor({ id: randomUUID(), email: "analyst@test.example", role: "analyst" });
    const caller = createCaller({ db: handle.db, actor: analyst });
    await expect(caller.profiles.search({ query: "ann\u0000" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("NUL") as unknown,
    });
    await expect(caller.glossary.listTerms({ query: "\u0000" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(caller.glossary.listTerms({ query: "email" })).resolves.toEqual([]);
  });
});
