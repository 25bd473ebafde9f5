// The Fellegi-Sunter model as data: comparisons with m and u per level, the prior, thresholds and blocking rules.
// It saves to and loads from JSON and prints as a readable table, so a trained model can be reviewed and reused.
import type { BlockingRule } from "../block";
import { levelLabels, type ComparisonSpec } from "../compare/comparisons";
import type { Calibration } from "../decide/review-band";

export interface LevelParameters {
  label: string;
  /** P(level | match); null for the "null" level, which carries no evidence. */
  m: number | null;
  /** P(level | non-match). */
  u: number | null;
}

export interface ModelComparison {
  spec: ComparisonSpec;
  levels: LevelParameters[];
}

export interface MatchModel {
  version: 1;
  comparisons: ModelComparison[];
  /** Prior: probability that two records drawn at random are the same entity. */
  probabilityTwoRandomRecordsMatch: number;
  /** Match probability at or above which a pair is linked automatically. */
  matchThreshold: number;
  /** Match probability at or above which (and below matchThreshold) a pair goes to a steward for review. */
  reviewThreshold: number;
  /**
   * Clustering refuses to put two records in one cluster when their own match weight is below this (bits): one
   * strong link must not chain two people together whom their direct comparison clearly separates.
   */
  cannotLinkWeight: number;
  /**
   * In data from several source systems, clustering refuses to put two records of the same source in one cluster
   * when their own match weight is below this (bits; 0 = probability 0.5): a system mostly holds a person once, so
   * two of its records that their own comparison does not make more likely one person than two are kept apart,
   * whatever record of another system resembles both. -Infinity turns it off; records without a source are never
   * checked.
   */
  sameSourceCannotLinkWeight: number;
  /**
   * Relatives share surname, address and phone, and those agreements add up to more weight than one given-name
   * disagreement takes away (Fellegi-Sunter assumes the fields independent; in a household they are not). So a
   * pair whose given names disagree outright is not linked automatically unless a personal identifier (national id;
   * not email, which families share) agrees exactly or one character apart; it can still go to review. null turns
   * the gate off.
   */
  nameGate: {
    givenName: string;
    identifiers: string[];
    /** Names alone never link: some other comparison must agree (add positive weight) too. */
    corroboration?: boolean;
  } | null;
  blockingRules: BlockingRule[];
  /**
   * Match probabilities calibrated on stewards' answers (decide/review-band.ts): the match threshold and the review
   * band apply to calibrated probabilities. Absent: the model's own.
   */
  calibration?: Calibration | null;
  /** Free-text notes from training (sessions, pair counts, convergence), for people reading the model. */
  trainingLog: string[];
}

export const DEFAULT_THRESHOLDS = {
  matchThreshold: 0.88,
  reviewThreshold: 0.5,
  cannotLinkWeight: -16,
  sameSourceCannotLinkWeight: 0,
} as const;
export const DEFAULT_NAME_GATE = {
  givenName: "first_name",
  identifiers: ["national_id"],
  corroboration: false,
};

/** An untrained model: u uniform, m favouring the similar levels; training replaces both. */
export function createModel(comparisons: ComparisonSpec[], blockingRules: BlockingRule[]): MatchModel {
  return {
    version: 1,
    comparisons: comparisons.map((spec) => {
      const labels = levelLabels(spec);
      const nonNull = labels.length - 1;
      const mRaw = labels.slice(1).map((_, i) => Math.pow(0.25, i));
      const mSum = mRaw.reduce((s, v) => s + v, 0);
      return {
        spec,
        levels: labels.map((label, i) =>
          i === 0 ? { label, m: null, u: null } : { label, m: mRaw[i - 1]! / mSum, u: 1 / nonNull },
        ),
      };
    }),
    probabilityTwoRandomRecordsMatch: 1e-4,
    ...DEFAULT_THRESHOLDS,
    nameGate: comparisons.some((c) => c.name === DEFAULT_NAME_GATE.givenName) ? DEFAULT_NAME_GATE : null,
    blockingRules,
    trainingLog: [],
  };
}

export function probabilityToWeight(probability: number): number {
  const p = Math.min(Math.max(probability, 1e-15), 1 - 1e-15);
  return Math.log2(p / (1 - p));
}

export function weightToProbability(weight: number): number {
  return 1 / (1 + Math.pow(2, -weight));
}

/** log2(m/u) for a level; 0 for the null level. */
export function levelWeight(level: LevelParameters): number {
  if (level.m === null || level.u === null) return 0;
  return Math.log2(Math.max(level.m, 1e-12) / Math.max(level.u, 1e-12));
}

export function saveModel(model: MatchModel): string {
  return JSON.stringify(model, null, 2);
}

/** Parses a saved model, checking the shape so a hand-edited file fails here and not mid-run. */
export function loadModel(json: string): MatchModel {
  const data = JSON.parse(json) as Partial<MatchModel>;
  if (data.version !== 1) throw new Error(`model: unsupported version ${String(data.version)} (expected 1)`);
  if (!Array.isArray(data.comparisons) || !Array.isArray(data.blockingRules))
    throw new Error("model: comparisons and blockingRules must be arrays");
  for (const comparison of data.comparisons) {
    const expected = levelLabels(comparison.spec);
    if (comparison.levels.length !== expected.length) {
      throw new Error(
        `model: comparison "${comparison.spec.name}" has ${comparison.levels.length} levels, its kind "${comparison.spec.kind}" has ${expected.length}`,
      );
    }
  }
  if (typeof data.probabilityTwoRandomRecordsMatch !== "number")
    throw new Error("model: probabilityTwoRandomRecordsMatch must be a number");
  return { ...DEFAULT_THRESHOLDS, nameGate: null, trainingLog: [], ...data } as MatchModel;
}

/** A readable table of the model: one line per level with m, u and the match weight it contributes. */
export function formatModel(model: MatchModel): string {
  const lines = [
    `prior: P(two random records match) = ${model.probabilityTwoRandomRecordsMatch.toExponential(3)} ` +
      `(${probabilityToWeight(model.probabilityTwoRandomRecordsMatch).toFixed(2)} bits)`,
    `thresholds: match >= ${model.matchThreshold}, review >= ${model.reviewThreshold}, cannot-link below ${model.cannotLinkWeight} bits ` +
      `(two records of one source: below ${model.sameSourceCannotLinkWeight} bits)`,
    `blocking: ${model.blockingRules.map((r) => r.name).join(" | ")}`,
    model.nameGate
      ? `name gate: no automatic link when ${model.nameGate.givenName} disagrees outright, unless ${model.nameGate.identifiers.join(" or ")} agrees (exactly or one character apart)`
      : "name gate: off",
    "",
    `${"comparison".padEnd(16)}${"level".padEnd(36)}${"m".padStart(10)}${"u".padStart(12)}${"weight".padStart(9)}`,
  ];
  for (const comparison of model.comparisons) {
    for (const level of comparison.levels.slice(1)) {
      lines.push(
        `${comparison.spec.name.padEnd(16)}${level.label.padEnd(36)}${(level.m ?? 0).toFixed(5).padStart(10)}` +
          `${(level.u ?? 0).toExponential(2).padStart(12)}${levelWeight(level).toFixed(2).padStart(9)}`,
      );
    }
  }
  return lines.join("\n");
}
