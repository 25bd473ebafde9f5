// Two records of one household, not one person: they share a residence (street address) and a family tie (surname,
// or a landline or mailbox), while what tells people apart disagrees (given names outright; birth dates differ or
// are missing; no identifier agrees). Such a pair is decided automatically as a household relationship: sending it
// to a steward as "maybe one person" is what filled the review queue with couples.
import { levelLabels } from "../compare/comparisons";
import type { LevelFunction } from "../compare/comparisons";
import type { PairScorer } from "../model/scorer";

interface Reader {
  level: LevelFunction;
  /** Levels (indexes) that count as agreeing for this purpose. */
  agree: Set<number>;
  elseLevel: number;
}

export interface HouseholdClassifier {
  /** True when records a and b (store positions) look like two members of one household. */
  isHousehold(a: number, b: number): boolean;
}

function reader(scorer: PairScorer, name: string, agreeing: readonly string[]): Reader | null {
  const k = scorer.model.comparisons.findIndex((c) => c.spec.name === name);
  if (k < 0) return null;
  const labels = levelLabels(scorer.model.comparisons[k]!.spec);
  return {
    level: scorer.levelFunctions[k]!,
    agree: new Set(agreeing.map((label) => labels.indexOf(label)).filter((i) => i > 0)),
    elseLevel: labels.length - 1,
  };
}

/** A classifier over a scorer's model; one that never says "household" when the model lacks the names or address. */
export function householdClassifier(scorer: PairScorer): HouseholdClassifier {
  const given = reader(scorer, "first_name", []);
  const surname = reader(scorer, "last_name", ["exact", "jaro-winkler >= 0.92", "double metaphone match"]);
  const address = reader(scorer, "address", [
    "same street address",
    "same number, street jaro-winkler >= 0.88",
  ]);
  const phone = reader(scorer, "phone", ["exact"]);
  const email = reader(scorer, "email", ["exact"]);
  const dob = reader(scorer, "dob", ["exact", "day and month swapped", "one character edit"]);
  const nationalId = reader(scorer, "national_id", ["exact", "one character edit"]);
  if (!given || !address) return { isHousehold: () => false };
  const agrees = (r: Reader | null, a: number, b: number) => r !== null && r.agree.has(r.level(a, b));
  return {
    isHousehold(a, b) {
      if (given.level(a, b) !== given.elseLevel) return false;
      if (!agrees(address, a, b)) return false;
      if (!agrees(surname, a, b) && !agrees(phone, a, b) && !agrees(email, a, b)) return false;
      return !agrees(dob, a, b) && !agrees(nationalId, a, b);
    },
  };
}
