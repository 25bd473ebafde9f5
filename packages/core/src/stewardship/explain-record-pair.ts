// Why two source records are or are not one person: the active model's comparison of the pair, as the engine
// explains it to stewards (explainPair, classifyPair). Values are masked for callers without profile:pii.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import {
  classifyPair,
  decisionWeightsOf,
  explainPair,
  PairScorer,
  RecordStore,
  type PairExplanation,
  type StandardRecord,
  weightToProbability,
} from "@c360/matching";
import { toStoreRecord } from "@c360/matching/store";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError, notFound } from "../errors";
import { parseInput } from "../parse-input";
import {
  canSeePii,
  maskDisplayName,
  maskLooseString,
  maskValue,
  MASK,
  type PiiKind,
} from "../profiles/mask-pii";
import { loadActiveModel } from "../resolution/model-store";
import { explainRecordPairInput, type ExplainRecordPairInput } from "./stewardship-schemas";

/** The personal kind of each comparison's compared values; a comparison not listed here is masked whole. */
const COMPARISON_KINDS: Record<string, PiiKind | "name" | "plain"> = {
  first_name: "name",
  last_name: "name",
  name_suffix: "plain",
  gender: "plain",
  dob: "date",
  email: "email",
  phone: "phone",
  address: "street",
  national_id: "id",
};

function maskCompared(comparison: string, value: string | null): string | null {
  if (value === null) return null;
  const kind = COMPARISON_KINDS[comparison];
  if (kind === "name") return maskDisplayName(value);
  if (kind === "plain") return maskLooseString(value);
  return kind ? maskValue(kind, value) : MASK;
}

export interface RecordPairExplanation extends PairExplanation {
  /** Where each record is now. */
  records: { id: string; sourceName: string; externalId: string; profileId: string | null }[];
  sameProfile: boolean;
  modelVersion: number;
  /**
   * Term-frequency adjustments need the whole population's value counts, which only a resolution run holds; this
   * explanation of an arbitrary pair leaves them at 0 (a common surname counts as much as a rare one).
   */
  termFrequencyAdjusted: false;
  masked: boolean;
}

interface RecordRow extends Record<string, unknown> {
  id: string;
  external_id: string;
  source_name: string;
  profile_id: string | null;
  status: string;
  standardized: Partial<StandardRecord>;
}

export async function explainRecordPair(
  db: Database,
  actor: Actor,
  input: ExplainRecordPairInput,
): Promise<RecordPairExplanation> {
  const data = parseInput(explainRecordPairInput, input);
  if (data.recordIdA === data.recordIdB)
    throw new AppError("BAD_REQUEST", "recordIdB: name two different records.");
  const rows = await queryRows<RecordRow>(
    db,
    sql`select r.id, r.external_id, s.name as source_name, r.profile_id, r.status::text as status, r.standardized
        from source_records r join sources s on s.id = r.source_id
        where r.id in (${data.recordIdA}, ${data.recordIdB})`,
  );
  const a = rows.find((r) => r.id === data.recordIdA);
  const b = rows.find((r) => r.id === data.recordIdB);
  if (!a || a.status !== "active") throw notFound("Record", data.recordIdA);
  if (!b || b.status !== "active") throw notFound("Record", data.recordIdB);
  const stored = await loadActiveModel(db);
  if (!stored)
    throw new AppError(
      "PRECONDITION_FAILED",
      "No match model has been trained yet: run `c360 resolve --full` once, then ask again.",
    );
  const store = new RecordStore();
  const positionA = store.add(toStoreRecord(a.id, a.source_name, a.standardized));
  const positionB = store.add(toStoreRecord(b.id, b.source_name, b.standardized));
  const scorer = new PairScorer(stored.model, store);
  const raw = explainPair(scorer, positionA, positionB);
  const terms = raw.terms.map((t) => ({ ...t, termFrequencyAdjustment: 0 }));
  const totalWeight = terms.reduce((sum, t) => sum + t.weight, raw.priorWeight);
  const decision = classifyPair(
    totalWeight,
    decisionWeightsOf(stored.model),
    () => raw.passesNameGate,
    positionA,
    positionB,
  );
  const clear = canSeePii(actor);
  if (clear)
    await recordAudit(db, actor, {
      action: "profile.explain_pair_pii",
      entityType: "source_record",
      entityId: a.id,
      details: { recordIds: [a.id, b.id] },
    });
  return {
    ...raw,
    terms: clear
      ? terms
      : terms.map((t) => ({
          ...t,
          valueA: maskCompared(t.comparison, t.valueA),
          valueB: maskCompared(t.comparison, t.valueB),
        })),
    totalWeight,
    probability: weightToProbability(totalWeight),
    decision,
    records: [a, b].map((r) => ({
      id: r.id,
      sourceName: r.source_name,
      externalId: r.external_id,
      profileId: r.profile_id,
    })),
    sameProfile: a.profile_id !== null && a.profile_id === b.profile_id,
    modelVersion: stored.version,
    termFrequencyAdjusted: false,
    masked: !clear,
  };
}
