import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StringRecordIds, UuidRecordIds, type RecordIds } from "./record-ids";

describe("UuidRecordIds", () => {
  it("behaves as the string table under any sequence of adds, releases and removals", () => {
    const pool = Array.from({ length: 40 }, () => randomUUID());
    const step = fc.oneof(
      fc.nat(pool.length - 1).map((i) => ({ kind: "add" as const, id: pool[i]! })),
      fc.nat().map((n) => ({ kind: "release" as const, n })),
      fc.constant({ kind: "removeLast" as const }),
      fc.constant({ kind: "anonymous" as const }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
        const uuids = new UuidRecordIds();
        const strings = new StringRecordIds();
        const both = (run: (ids: RecordIds) => unknown) => {
          const [a, b] = [attempt(() => run(uuids)), attempt(() => run(strings))];
          expect(a).toEqual(b);
        };
        for (const s of steps) {
          if (s.kind === "add") both((ids) => ids.add(s.id));
          else if (s.kind === "release") both((ids) => ids.release(s.n % Math.max(1, ids.size)));
          else if (s.kind === "removeLast") both((ids) => ids.removeLast());
          else both((ids) => ids.addAnonymous());
        }
        expect(uuids.size).toBe(strings.size);
        for (let position = 0; position < strings.size; position++)
          expect(uuids.idAt(position)).toBe(strings.idAt(position));
        for (const id of pool) expect(uuids.positionOf(id)).toBe(strings.positionOf(id));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps tens of thousands of ids through its rehashes, releases included", () => {
    const ids = new UuidRecordIds();
    const all = Array.from({ length: 30_000 }, () => randomUUID());
    all.forEach((id, i) => expect(ids.add(id)).toBe(i));
    for (let i = 0; i < all.length; i += 2) ids.release(i);
    const again = all.filter((_, i) => i % 4 === 0).map((id) => ids.add(id));
    expect(again[0]).toBe(30_000);
    all.forEach((id, i) => {
      const expected = i % 4 === 0 ? 30_000 + i / 4 : i % 2 === 0 ? undefined : i;
      expect(ids.positionOf(id)).toBe(expected);
    });
    expect(ids.idAt(1)).toBe(all[1]);
    expect(ids.idAt(0)).toBe("");
  });

  it("finds an id in either case, gives it back in lower case, and refuses what is not a UUID", () => {
    const ids = new UuidRecordIds();
    const id = "0A1B2C3D-4E5F-4a6b-8C7D-9e0f1a2b3c4d";
    ids.add(id);
    expect(ids.positionOf(id.toLowerCase())).toBe(0);
    expect(ids.idAt(0)).toBe(id.toLowerCase());
    expect(() => ids.add(id.toLowerCase())).toThrow(/duplicate record id/);
    for (const bad of [
      "rec-1-org",
      "",
      "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4",
      "0a1b2c3d04e5f-4a6b-8c7d-9e0f1a2b3c4d",
      "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4g",
    ]) {
      expect(() => ids.add(bad)).toThrow(/is not a UUID/);
      expect(ids.positionOf(bad)).toBeUndefined();
    }
    expect(ids.size).toBe(1);
  });
});

function attempt(run: () => unknown): unknown {
  try {
    return { value: run() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
