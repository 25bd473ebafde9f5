// The real-time decision for a group of arriving records, against the resident index: which profile each joins, which
// become new profiles, which pairs a steward is asked about and which are household relationships. Pure: the caller
// gives the records, the settings and how new profile ids are made, and writes the plan. The rules are the batch
// run's: the pairwise decision (classify.ts), the chaining guard (mayJoinClusters), households (household.ts) and
// the review band with its budget (review-band.ts).
import { mayJoinClusters, type JoinGuard } from "../cluster";
import { isMatch, pairGateOf, type DecisionWeights } from "../decide/classify";
import { householdClassifier } from "../decide/household";
import { soleHolderFor } from "../decide/sole-holder";
import {
  calibratedProbability,
  DEFAULT_REVIEW_POLICY,
  meanCrossWeight,
  worthAsking,
  type Calibration,
  type ReviewPolicy,
  reviewValue,
} from "../decide/review-band";
import { explainPair } from "../explain";
import {
  DEFAULT_THRESHOLDS,
  probabilityToWeight,
  weightToProbability,
  type MatchModel,
} from "../model/model";
import type { PairScorer } from "../model/scorer";
import type { StandardRecord } from "../standardize/record";
import type { RecordStore } from "../store";
import type { ResidentIndex } from "./resident-index";

export type ArrivalDecision = "linked" | "new_profile" | "review" | "unchanged" | "unresolved";

export interface ArrivalOutcome {
  recordId: string;
  decision: ArrivalDecision;
  profileId: string | null;
  score: number | null;
}

/** A record to decide: new (no profile yet) or a changed version of one that has a profile. */
export interface Arrival {
  record: StandardRecord;
  /** Its profile when it already has one (a changed record). */
  profileId: string | null;
  /** The version read, which the decision is about. */
  version: number;
}

export interface ArrivalSettings {
  model: MatchModel;
  /** Model version, for the household relationships' provenance. */
  modelVersion: number;
  /** Bits at which a pair links (decisionWeightsOf: the calibrated match threshold). */
  matchWeight: number;
  /** Stewards' answers' calibration of the model's probabilities. */
  calibration?: Calibration;
  /** The review budget and band. */
  reviewPolicy?: ReviewPolicy;
  /** Profiles with an open review task now: the budget's use so far. */
  profilesWithTask: number;
}

export interface ArrivalPlan {
  outcomes: ArrivalOutcome[];
  newProfiles: string[];
  joins: { record_id: string; profile_id: string; score: number | null }[];
  /** Every record decided, at the version read; with its profile when it joins one (a changed record keeps its own). */
  decided: { record_id: string; version: number; profile_id: string | null }[];
  rescored: { record_id: string; score: number }[];
  reviews: {
    record_ids: string[];
    profile_ids: string[];
    score: number;
    priority: number;
    explanation: unknown;
  }[];
  /** Household relationships between two profiles (sorted ids), decided as the full run decides them. */
  households: { from_id: string; to_id: string; properties: Record<string, unknown> }[];
  touched: Set<string>;
  /** Profiles that got an open review task from this plan (two per task): add to profilesWithTask. */
  profilesGivenTask: number;
}

/** The batch's join guard over the resident index, with the model's weights (clusterPairs in resolveStore). */
export function joinGuardOf(model: MatchModel, index: ResidentIndex): JoinGuard {
  const scorer = index.scorer;
  return {
    cannotLinkWeight: model.cannotLinkWeight,
    scorePair: (a, b) => scorer.score(a, b),
    sources: index.store.sources,
    sameSourceCannotLinkWeight: index.hasSeveralSources
      ? (model.sameSourceCannotLinkWeight ?? DEFAULT_THRESHOLDS.sameSourceCannotLinkWeight)
      : -Infinity,
  };
}

/**
 * The decisions for one group, in memory. Every arrival is staged in the index first (out of the blocks, its
 * earlier version retired), then decided against the blocks, and placed with its profile: from then on it is a
 * candidate for the rest of the group. Changed records (already members of a profile) are decided first, then new
 * ones, each group in arrival order: a new record that arrives with a changed version of its sibling finds the
 * sibling in its profile, whichever of the two the caller listed first (staged and not yet placed, it would not).
 * An arrival joins the profile of its strongest link that the batch's chaining guard (mayJoinClusters) allows,
 * checked against every member of that profile; a link the guard refuses is kept apart (at most a review).
 */
export function planArrivals(
  settings: ArrivalSettings,
  index: ResidentIndex,
  arrivals: readonly Arrival[],
  newProfileId: () => string,
): ArrivalPlan {
  const positions = arrivals.map((arrival) => index.stage(arrival.record));
  const order = [...arrivals.keys()].sort(
    (a, b) => Number(!arrivals[a]!.profileId) - Number(!arrivals[b]!.profileId) || a - b,
  );
  const scorer = index.scorer;
  const plan: ArrivalPlan = {
    outcomes: [],
    newProfiles: [],
    joins: [],
    decided: [],
    rescored: [],
    reviews: [],
    households: [],
    touched: new Set(),
    profilesGivenTask: 0,
  };
  // The batch's guard against chaining (decision 0102), asked with the arrival on one side and every member of the
  // profile it would join on the other: a profile that holds many values does not attract every record resembling one.
  const guard = joinGuardOf(settings.model, index);
  const policy = settings.reviewPolicy ?? DEFAULT_REVIEW_POLICY;
  const gate = pairGateOf(scorer);
  const weights: DecisionWeights = {
    matchWeight: settings.matchWeight,
    reviewWeight: probabilityToWeight(settings.model.reviewThreshold),
  };
  const self1 = [0];
  const matches: { position: number; weight: number }[] = [];
  // gated: held apart by the name gate (1), not (0), not asked yet (-1: only pairs the band might send are asked).
  const others: { position: number; weight: number; gated: number }[] = [];
  const households = householdClassifier(scorer);
  order.forEach((i) => {
    const arrival = arrivals[i]!;
    const recordId = arrival.record.id;
    const self = positions[i]!;
    self1[0] = self;
    matches.length = 0;
    others.length = 0;
    const candidates = index.candidatesOf(self);
    for (const position of candidates) {
      const weight = scorer.score(self, position);
      if (isMatch(weight, settings.matchWeight, gate, self, position)) matches.push({ position, weight });
      else others.push({ position, weight, gated: weight < settings.matchWeight ? -1 : 1 });
    }
    // Strongest link first, as the batch applies them; the first profile the guard lets the arrival join is its own.
    // A link the guard refuses is kept apart, as the batch keeps it: at most a question for a steward.
    let best = -1;
    let bestWeight = 0;
    if (matches.length > 1) matches.sort((x, y) => y.weight - x.weight);
    for (let m = 0; m < matches.length; m++) {
      const { position, weight } = matches[m]!;
      const profile = index.profileNumberAt(position);
      // Links to other profiles than the one joined are kept apart too (real time joins, it does not merge).
      if (best >= 0 || matches.findIndex((other) => index.profileNumberAt(other.position) === profile) < m) {
        if (best < 0 || profile !== index.profileNumberAt(best)) others.push({ position, weight, gated: 0 });
        continue;
      }
      if (mayJoinClusters(guard, self1, index.membersOf(profile)) === null) {
        best = position;
        bestWeight = weight;
      } else others.push({ position, weight, gated: 0 });
    }
    // Linked to nothing, a field-poor arrival joins the one profile that holds its email (or phone), as the batch
    // attaches it (decision 0107).
    if (best < 0 && !arrival.profileId) {
      const holder = soleHolderFor(
        scorer,
        self,
        candidates,
        index,
        guard.sameSourceCannotLinkWeight ?? -Infinity,
      );
      if (holder >= 0) {
        best = holder;
        bestWeight = scorer.score(self, holder);
      }
    }
    // Profile ids are made into strings only for the candidates that count.
    const joining =
      best < 0 ? null : { position: best, weight: bestWeight, profileId: index.profileAt(best)! };
    const ownProfile =
      joining && !arrival.profileId
        ? index.profileNumberAt(best)
        : arrival.profileId
          ? index.profileNumberOf(arrival.profileId)
          : -1;
    // What the arrival is kept apart from, decided as the full run decides it (planReviewAndHouseholds in core):
    // a household member of another profile is a household relationship, not a question; a steward is asked only
    // where the answer is likely to change the outcome (the review band, on calibrated probabilities), within the budget.
    const householdOf: number[] = [];
    let doubt: { position: number; weight: number; probability: number; records: number } | null = null;
    for (const other of others) {
      const profile = index.profileNumberAt(other.position);
      if (profile < 0 || profile === ownProfile) continue;
      if (households.isHousehold(self, other.position)) {
        if (
          !householdOf.includes(other.position) &&
          !householdOf.some((p) => index.profileNumberAt(p) === profile)
        )
          householdOf.push(other.position);
        continue;
      }
      if (
        calibratedProbability(other.weight, false, settings.calibration) < policy.minChangeProbability &&
        (settings.calibration?.gatedShift ?? 0) <= 0
      )
        continue;
      const gated = other.gated === -1 ? !gate(self, other.position) : other.gated === 1;
      const probability = calibratedProbability(other.weight, gated, settings.calibration);
      if (!worthAsking(probability, gated, policy, settings.model.matchThreshold)) continue;
      if (!doubt || other.weight > doubt.weight)
        doubt = { position: other.position, weight: other.weight, probability, records: 0 };
    }
    if (doubt && householdOf.some((p) => index.profileNumberAt(p) === index.profileNumberAt(doubt!.position)))
      doubt = null;
    if (doubt) {
      // Judged on the two profiles' records, as the full run judges them (meanCrossWeight over all cross pairs).
      const mine = ownProfile >= 0 ? [self, ...index.membersOf(ownProfile)] : [self];
      const theirs = index.membersOf(index.profileNumberAt(doubt.position));
      const probability = calibratedProbability(
        meanCrossWeight(mine, theirs, (a, b) => scorer.score(a, b)),
        !gate(self, doubt.position),
        settings.calibration,
      );
      const allowed = Math.floor(policy.budgetShare * Math.max(index.profileCount, 1));
      if (
        probability < policy.minChangeProbability ||
        settings.profilesWithTask + plan.profilesGivenTask + 2 > allowed
      )
        doubt = null;
      else doubt = { ...doubt, probability, records: mine.length + theirs.length };
    }
    const outcome = decideOne(
      plan,
      scorer,
      arrival,
      self,
      joining,
      doubt && {
        position: doubt.position,
        weight: doubt.weight,
        profileId: index.profileAt(doubt.position)!,
        probability: doubt.probability,
        records: doubt.records,
      },
      index.store,
      newProfileId,
      weights,
    );
    if (outcome.decision === "review") plan.profilesGivenTask += 2;
    for (const position of householdOf) {
      const other = index.profileAt(position)!;
      if (other === outcome.profileId) continue;
      const [from, to] = [outcome.profileId!, other].sort() as [string, string];
      const recordIds =
        from === outcome.profileId
          ? [recordId, index.store.idAt(position)]
          : [index.store.idAt(position), recordId];
      plan.households.push({
        from_id: from,
        to_id: to,
        properties: {
          origin: "model",
          modelVersion: settings.modelVersion,
          recordIds,
          reason: "same address and family, given names and birth dates differ",
        },
      });
    }
    plan.outcomes.push(outcome);
    plan.decided.push({
      record_id: recordId,
      version: arrival.version,
      profile_id: arrival.profileId ? null : outcome.profileId,
    });
    index.place(self, outcome.profileId!);
  });
  return plan;
}

function decideOne(
  plan: ArrivalPlan,
  scorer: PairScorer,
  arrival: Arrival,
  self: number,
  best: { position: number; weight: number; profileId: string } | null,
  bestReview: {
    position: number;
    weight: number;
    profileId: string;
    probability: number;
    records: number;
  } | null,
  store: RecordStore,
  newProfileId: () => string,
  weights: DecisionWeights,
): ArrivalOutcome {
  const recordId = arrival.record.id;
  const current = arrival.profileId;
  if (best && (!current || current === best.profileId)) {
    const score = weightToProbability(best.weight);
    plan.touched.add(best.profileId);
    if (current) {
      plan.rescored.push({ record_id: recordId, score });
      return { recordId, decision: "unchanged", profileId: current, score };
    }
    plan.joins.push({ record_id: recordId, profile_id: best.profileId, score });
    return { recordId, decision: "linked", profileId: best.profileId, score };
  }

  let profileId = current;
  if (!profileId) {
    profileId = newProfileId();
    plan.newProfiles.push(profileId);
    plan.joins.push({ record_id: recordId, profile_id: profileId, score: null });
  }
  plan.touched.add(profileId);
  // A changed record that now matches another profile, or a new one that is only probably someone: a steward decides.
  const doubt =
    best && current && best.profileId !== current
      ? { ...best, probability: weightToProbability(best.weight), records: 2 }
      : bestReview;
  if (doubt && doubt.profileId !== profileId) {
    const score = doubt.probability;
    plan.reviews.push({
      record_ids: [recordId, store.idAt(doubt.position)].sort(),
      profile_ids: [profileId, doubt.profileId].sort(),
      score,
      priority: reviewValue(score, doubt.records),
      explanation: explainPair(scorer, self, doubt.position, weights),
    });
    return { recordId, decision: "review", profileId, score };
  }
  return { recordId, decision: current ? "unchanged" : "new_profile", profileId, score: null };
}
