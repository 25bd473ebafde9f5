// Test helpers for the resident index: records put or staged by id, source and standardized fields, as core's
// change feed puts stored rows; and UUIDs from small numbers (the index keeps database ids by default).
import type { StandardRecord } from "../standardize/record";
import { toStoreRecord } from "../store";
import type { ResidentIndex } from "./resident-index";

export const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

export function putRecord(
  index: ResidentIndex,
  id: string,
  source: string,
  standardized: Partial<StandardRecord>,
  profileId: string,
): number {
  return index.put(toStoreRecord(id, source, standardized), profileId);
}

export function stageRecord(
  index: ResidentIndex,
  id: string,
  source: string,
  standardized: Partial<StandardRecord>,
): number {
  return index.stage(toStoreRecord(id, source, standardized));
}
