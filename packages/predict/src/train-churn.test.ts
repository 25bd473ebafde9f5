import { describe, expect, it } from "vitest";
import { churnLogit, explainChurn, scoreChurn, type ChurnModel } from "./churn-model";
import { F, FEATURE_COUNT, computeFeatures } from "./features";
import { synthesizeHistories } from "./synthetic";
import { trainChurn } from "./train-churn";
import { DAY_MS, type ProfileHistory } from "./types";

const end = Date.UTC(2026, 10, 1);
const asOf = end - 60 * DAY_MS;
const histories = [...synthesizeHistories({ profiles: 6000, end, seed: 11 })];
const training = trainChurn(histories, {
  asOf,
  horizonDays: 90,
  baselines: {
    recencyDays: (events, at, consent) => computeFeatures(events, at, consent)[F.daysSincePurchase]!,
  },
});

describe("trainChurn", () => {
  it("trains before, tests after and scores at the as-of date, out of time", () => {
    const { evaluation } = training;
    expect(evaluation.testCutoff).toBe(asOf - 90 * DAY_MS);
    expect(evaluation.trainCutoff).toBe(asOf - 180 * DAY_MS);
    expect(training.model.trainedCutoff).toBe(evaluation.trainCutoff);
    expect(evaluation.trainRows).toBeGreaterThan(3000);
    expect(evaluation.testRows).toBeGreaterThan(evaluation.trainRows);
    expect(training.scoring.profileIds).toHaveLength(6000);
    // A baseline scorer is evaluated on the same window: days since purchase is the recency AUC (the matrices keep
    // features as 32-bit floats, so near-ties may differ in the last digits).
    expect(evaluation.baselineAucs.recencyDays).toBeCloseTo(evaluation.recencyAuc, 2);
  });

  it("beats recency alone on the later window, with probabilities that mean what they say", () => {
    const { model, recencyAuc } = training.evaluation;
    expect(model.auc).toBeGreaterThan(recencyAuc + 0.02);
    expect(model.calibrationError).toBeLessThan(0.05);
    expect(
      Math.abs(
        model.calibration.reduce((s, b) => s + b.count * b.meanPredicted, 0) / model.rows - model.baseRate,
      ),
    ).toBeLessThan(0.03);
    expect(model.liftTopDecile).toBeGreaterThan(1);
  });

  it("reads nothing after the as-of date: extra later events change no model, score or offer", () => {
    const later: ProfileHistory[] = histories.map((h, i) => ({
      ...h,
      events: [
        ...h.events,
        {
          at: asOf + (1 + (i % 50)) * DAY_MS,
          channel: "purchase",
          type: "order",
          amount: 99,
          skus: ["stove-1"],
        },
      ],
      consent: [...(h.consent ?? []), { at: asOf + DAY_MS, granted: i % 2 === 0 }],
    }));
    const again = trainChurn(later, { asOf, horizonDays: 90 });
    expect(again.model).toEqual(training.model);
    expect(again.scoring.probabilities).toEqual(training.scoring.probabilities);
    expect(again.offersEvaluation).toEqual(training.offersEvaluation);
  });

  it("scores the same after a round trip through JSON (how a model version is stored)", () => {
    const stored = JSON.parse(JSON.stringify(training.model)) as ChurnModel;
    const row = training.scoring.features.values.subarray(0, FEATURE_COUNT);
    expect(scoreChurn(stored, row)).toBe(training.scoring.probabilities[0]);
  });

  it("explains a score by contributions that add up to it, largest first, in words", () => {
    const row = training.scoring.features.values.subarray(FEATURE_COUNT * 7, FEATURE_COUNT * 8);
    const all = explainChurn(training.model, row, 0, FEATURE_COUNT);
    const sum = all.reduce((s, r) => s + r.contribution, training.model.intercept);
    expect(sum).toBeCloseTo(churnLogit(training.model, row), 2);
    const top = explainChurn(training.model, row);
    expect(top).toHaveLength(3);
    expect(Math.abs(top[0]!.contribution)).toBeGreaterThanOrEqual(Math.abs(top[2]!.contribution));
    for (const reason of top) expect(reason.text).toMatch(/^[A-Z0-9$].* \((raises|lowers) the risk\)\.$/);
  });

  it("offers products bought together more often than popular ones, measured on later orders", () => {
    expect(training.offersEvaluation.cases).toBeGreaterThan(100);
    expect(training.offersEvaluation.ratio).toBeGreaterThan(1.2);
    expect(training.offers.skus.length).toBeGreaterThan(10);
  });

  it("flags no drift between the training window and a population from the same process", () => {
    const shifted = training.drift.filter((d) => d.level === "shifted");
    expect(shifted.map((d) => d.feature)).toEqual([]);
  });
});
