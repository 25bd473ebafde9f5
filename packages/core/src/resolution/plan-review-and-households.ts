// What a batch run leaves to people and what it decides itself, for the pairs it kept apart: household pairs become
// household relationships between the two profiles (decided, shown on the profile's graph); the others go to the
// review band (review-band.ts in the engine), with probabilities calibrated on the stewards' answers so far.
import { householdClassifier } from "@c360/matching/decide/household";
import {
  meanCrossWeight,
  selectReviewPairs,
  type Calibration,
  type ReviewCandidate,
  type ReviewPolicy,
  type ReviewTask,
} from "@c360/matching/decide/review-band";
import type { PairScorer } from "@c360/matching/model/scorer";
import { calibrationFromLabels, type LabelledRecordPair, type ScoredPairs } from "@c360/matching";

export interface HouseholdPair {
  profileIds: [string, string];
  recordIds: [string, string];
}

export interface ReviewAndHouseholds {
  reviews: ReviewTask[];
  households: HouseholdPair[];
  calibration: Calibration;
  overBudget: number;
}

export interface PlanInput {
  scorer: PairScorer;
  scored: ScoredPairs;
  profileOfRecord: ReadonlyMap<string, string>;
  /** Pairs stewards have answered: never asked again, and what the calibration learns from. */
  decided: readonly { recordAId: string; recordBId: string; isMatch: boolean }[];
  /** Profiles that keep an open task from before this run. */
  openProfiles: ReadonlySet<string>;
  policy: ReviewPolicy;
}

type Answer = { recordAId: string; recordBId: string; isMatch: boolean };

/** Stewards' answers (labelled_pairs rows) as the engine's labelled pairs. */
export function answersAsLabels(decided: readonly Answer[]): LabelledRecordPair[] {
  return decided.map((d) => ({ recordA: d.recordAId, recordB: d.recordBId, match: d.isMatch }));
}

/**
 * The calibration stewards' answers give the model (learnFromLabels in the engine; the identity until there are
 * enough of both kinds), fitted against the model's own weights whatever calibration the scorer's model carries.
 */
export function calibrateOnAnswers(scorer: PairScorer, decided: readonly Answer[]): Calibration {
  return calibrationFromLabels(scorer.model, scorer.store, answersAsLabels(decided));
}

export function planReviewAndHouseholds(input: PlanInput): ReviewAndHouseholds {
  const { scorer, scored, profileOfRecord } = input;
  const store = scorer.store;
  const profileAt = (position: number) => profileOfRecord.get(store.idAt(position))!;
  const members = new Map<string, number[]>();
  for (let position = 0; position < store.size; position++) {
    const profile = profileOfRecord.get(store.idAt(position));
    if (profile === undefined) continue;
    const list = members.get(profile);
    if (list) list.push(position);
    else members.set(profile, [position]);
  }
  const pairKey = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);
  const answered = new Set(input.decided.map((d) => pairKey(d.recordAId, d.recordBId)));
  const calibration = scorer.model.calibration ?? calibrateOnAnswers(scorer, input.decided);
  const households = householdClassifier(scorer);
  const householdPairs = new Map<string, HouseholdPair>();
  const candidates: ReviewCandidate[] = [];
  for (let i = 0; i < scored.length; i++) {
    const a = scored.a[i]!;
    const b = scored.b[i]!;
    const pa = profileAt(a);
    const pb = profileAt(b);
    if (pa === pb) continue;
    const ida = store.idAt(a);
    const idb = store.idAt(b);
    if (answered.has(pairKey(ida, idb))) continue;
    if (households.isHousehold(a, b)) {
      const key = pairKey(pa, pb);
      if (!householdPairs.has(key)) {
        const profiles = [pa, pb].sort() as [string, string];
        householdPairs.set(key, { profileIds: profiles, recordIds: pa < pb ? [ida, idb] : [idb, ida] });
      }
      continue;
    }
    candidates.push({
      a,
      b,
      weight: scored.weight[i]!,
      gated: !scorer.passesNameGate(a, b),
      profileA: pa,
      profileB: pb,
      records: members.get(pa)!.length + members.get(pb)!.length,
    });
  }
  // Two profiles already called one household are not also asked about as one person.
  const reviewable = candidates.filter((c) => !householdPairs.has(pairKey(c.profileA, c.profileB)));
  const selection = selectReviewPairs(reviewable, {
    policy: input.policy,
    profileCount: members.size,
    openProfiles: input.openProfiles,
    calibration,
    matchProbability: scorer.model.matchThreshold,
    profileWeight: (c) =>
      meanCrossWeight(members.get(c.profileA)!, members.get(c.profileB)!, (x, y) => scorer.score(x, y)),
  });
  return {
    reviews: selection.tasks,
    households: [...householdPairs.values()],
    calibration,
    overBudget: selection.overBudget,
  };
}
