import { describe, expect, it } from "vitest";
import { NULL_VALUE, ROW_STRIDE, FIELD_SLOT, RecordStore } from "./store";
import type { StandardRecord } from "./standardize/record";
import { STANDARD_FIELDS } from "./standardize/record";

function record(id: string, fields: Partial<StandardRecord>): StandardRecord {
  const base = Object.fromEntries(STANDARD_FIELDS.map((f) => [f, null])) as unknown as StandardRecord;
  return { ...base, ...fields, id, source: "crm", updatedAt: null };
}

describe("RecordStore.retire", () => {
  it("blanks a record's values and counts, releases its id, and leaves other positions alone", () => {
    const store = new RecordStore();
    store.add(record("a", { lastName: "zybrowski", email: "z@example.com" }));
    store.add(record("b", { lastName: "zybrowski" }));
    const surname = store.columns.lastName;
    const valueId = surname.idOf("zybrowski")!;
    expect(surname.counts[valueId]).toBe(2);

    store.retire(0);
    expect(surname.counts[valueId]).toBe(1);
    expect(surname.nonNullCount).toBe(1);
    expect(store.columns.email.nonNullCount).toBe(0);
    expect(store.value(0, "lastName")).toBeNull();
    expect(store.value(0, "email")).toBeNull();
    expect(store.rows[0 * ROW_STRIDE + FIELD_SLOT.lastName]).toBe(NULL_VALUE);
    expect(store.positionOf("a")).toBeUndefined();
    expect(store.idAt(0)).toBe("");
    expect(store.value(1, "lastName")).toBe("zybrowski");
    expect(store.positionOf("b")).toBe(1);

    // Retiring twice changes nothing; the id can come back at a new position.
    store.retire(0);
    expect(surname.counts[valueId]).toBe(1);
    expect(store.add(record("a", { lastName: "zybrowska" }))).toBe(2);
    expect(store.positionOf("a")).toBe(2);
  });
});
