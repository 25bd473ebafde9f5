import { describe, expect, it } from "vitest";
import { probabilityToWeight } from "../model/model";
import {
  calibratedMatchWeight,
  calibratedProbability,
  DEFAULT_REVIEW_POLICY,
  fitCalibration,
  gatedMatchWeight,
  IDENTITY_CALIBRATION,
  meanCrossWeight,
  selectReviewPairs,
  type ReviewCandidate,
} from "./review-band";

const pair = (a: number, probability: number, extra: Partial<ReviewCandidate> = {}): ReviewCandidate => ({
  a,
  b: a + 1000,
  weight: probabilityToWeight(probability),
  gated: false,
  profileA: `p${a}`,
  profileB: `q${a}`,
  records: 2,
  ...extra,
});

describe("selectReviewPairs", () => {
  it("sends only pairs a steward would change with the stated probability", () => {
    const { tasks } = selectReviewPairs([pair(1, 0.2), pair(2, 0.35), pair(3, 0.8)], {
      policy: DEFAULT_REVIEW_POLICY,
      profileCount: 1000,
    });
    expect(tasks.map((t) => t.a)).toEqual([3, 2]);
  });

  it("keeps the share of profiles with an open task within the budget, likeliest first, counting tasks already open", () => {
    const candidates = Array.from({ length: 50 }, (_, i) => pair(i, 0.4 + i / 100));
    const { tasks, overBudget } = selectReviewPairs(candidates, {
      policy: { budgetShare: 0.03, minChangeProbability: 0.3 },
      profileCount: 1000,
    });
    expect(tasks).toHaveLength(15);
    expect(overBudget).toBe(35);
    expect(tasks[0]!.a).toBe(49);
    const open = new Set(Array.from({ length: 20 }, (_, i) => `open${i}`));
    expect(
      selectReviewPairs(candidates, {
        policy: { budgetShare: 0.03, minChangeProbability: 0.3 },
        profileCount: 1000,
        openProfiles: open,
      }).tasks,
    ).toHaveLength(5);
  });

  it("raises one task per pair of profiles, for its likeliest record pair", () => {
    const { tasks } = selectReviewPairs([pair(1, 0.5), { ...pair(2, 0.7), profileA: "p1", profileB: "q1" }], {
      policy: DEFAULT_REVIEW_POLICY,
      profileCount: 100,
    });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.a).toBe(2);
  });

  it("sends a pair the name gate holds only if the weight alone would have linked it", () => {
    const gated = [pair(1, 0.6, { gated: true }), pair(2, 0.95, { gated: true })];
    expect(
      selectReviewPairs(gated, {
        policy: DEFAULT_REVIEW_POLICY,
        profileCount: 100,
        matchProbability: 0.88,
      }).tasks.map((t) => t.a),
    ).toEqual([2]);
  });

  it("judges two profiles on all their cross pairs when asked, and orders the queue's value by records moved", () => {
    const many = pair(1, 0.9, { records: 8 });
    const weak = selectReviewPairs([many], {
      policy: DEFAULT_REVIEW_POLICY,
      profileCount: 100,
      profileWeight: () => probabilityToWeight(0.1),
    });
    expect(weak.tasks).toHaveLength(0);
    const kept = selectReviewPairs([many], {
      policy: DEFAULT_REVIEW_POLICY,
      profileCount: 100,
      profileWeight: () => probabilityToWeight(0.5),
    });
    expect(kept.tasks[0]!.probability).toBeCloseTo(0.5);
    expect(kept.tasks[0]!.expectedValue).toBeCloseTo(0.5 * 0.5 * 8);
  });

  it("averages cross weights over every pair of two groups", () => {
    expect(meanCrossWeight([1, 2], [3], (a, b) => a + b)).toBe(4.5);
  });
});

describe("calibration", () => {
  it("is the model's own probability until there are enough answers of both kinds", () => {
    expect(fitCalibration([{ weight: 1, gated: false, match: true }])).toEqual(IDENTITY_CALIBRATION);
    expect(calibratedProbability(0, false)).toBeCloseTo(0.5);
  });

  it("moves the weight at which pairs link: the threshold applies to calibrated probabilities", () => {
    expect(calibratedMatchWeight({ matchThreshold: 0.88 })).toBeCloseTo(probabilityToWeight(0.88));
    const shifted = { slope: 1, intercept: 2, gatedShift: 0, labels: 50 };
    expect(calibratedMatchWeight({ matchThreshold: 0.88, calibration: shifted })).toBeCloseTo(
      probabilityToWeight(0.88) - 2,
    );
  });

  it("keeps the name gate shut until answers speak for gated pairs, and then never below the threshold", () => {
    expect(gatedMatchWeight({ matchThreshold: 0.88 })).toBe(Infinity);
    expect(gatedMatchWeight({ matchThreshold: 0.88, calibration: IDENTITY_CALIBRATION })).toBe(Infinity);
    const answered = { slope: 1, intercept: 1, gatedShift: -4, labels: 80 };
    expect(gatedMatchWeight({ matchThreshold: 0.88, calibration: answered })).toBeCloseTo(
      probabilityToWeight(0.88) + 3,
    );
    // Gated pairs were two people at every weight the answers showed: the shift at its bound keeps the gate shut.
    const never = { ...answered, gatedShift: -16 };
    expect(gatedMatchWeight({ matchThreshold: 0.88, calibration: never })).toBe(Infinity);
    const favoured = { ...answered, gatedShift: 3 };
    expect(gatedMatchWeight({ matchThreshold: 0.88, calibration: favoured })).toBeCloseTo(
      calibratedMatchWeight({ matchThreshold: 0.88, calibration: favoured }),
    );
  });

  it("keeps the slope at 1: answers from a band of weights say nothing of weights outside it", () => {
    const band = Array.from({ length: 100 }, (_, i) => ({
      weight: (i % 5) - 1,
      gated: false,
      match: i % 7 !== 0,
    }));
    const fitted = fitCalibration(band);
    expect(fitted.slope).toBe(1);
    expect(fitted.intercept).toBeGreaterThan(0);
  });

  it("learns from answers: pairs the model put at 30 % that stewards mostly merged come out likelier", () => {
    const answers = Array.from({ length: 200 }, (_, i) => ({
      weight: probabilityToWeight(0.3),
      gated: i % 2 === 0,
      match: i % 10 !== 0,
    }));
    const fitted = fitCalibration(answers);
    expect(fitted.labels).toBe(200);
    expect(calibratedProbability(probabilityToWeight(0.3), false, fitted)).toBeGreaterThan(0.6);
  });
});
