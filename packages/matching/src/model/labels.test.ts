import { describe, expect, it } from "vitest";
import { pairGateOf } from "../decide/classify";
import { householdClassifier } from "../decide/household";
import { calibratedMatchWeight, gatedMatchWeight, IDENTITY_CALIBRATION } from "../decide/review-band";
import { pairwiseScore } from "../evaluate";
import { resolveRecords, type LabelledRecordPair } from "../resolve";
import { generateCustomers } from "../synthetic/generate";
import { learnFromLabels, type LabelledPositions } from "./labels";
import { levelWeight, probabilityToWeight } from "./model";
import { PairScorer } from "./scorer";

describe("learning from stewards' answers", () => {
  const { records, personIds } = generateCustomers({ persons: 600, seed: 9 });
  const truth = new Map(records.map((r, i) => [r.record_id, personIds[i]!]));
  const run = resolveRecords(records);
  const f1 = (clusterIds: string[]) =>
    pairwiseScore(new Map(run.store.idList().map((id, i) => [id, clusterIds[i]!])), truth);
  // The pairs the model kept apart, likeliest first, answered from the truth: what a steward's queue holds.
  const keptApart = Array.from({ length: run.scored.length }, (_, i) => i)
    .filter((i) => run.clusterIds[run.scored.a[i]!] !== run.clusterIds[run.scored.b[i]!])
    .sort((x, y) => run.scored.weight[y]! - run.scored.weight[x]!)
    .slice(0, 200);
  const answers: LabelledPositions[] = keptApart.map((i) => {
    const a = run.scored.a[i]!;
    const b = run.scored.b[i]!;
    return { a, b, match: truth.get(run.store.idAt(a)) === truth.get(run.store.idAt(b)) };
  });
  const byId: LabelledRecordPair[] = answers.map((l) => ({
    recordA: run.store.idAt(l.a),
    recordB: run.store.idAt(l.b),
    match: l.match,
  }));

  it("has answers of both kinds to learn from", () => {
    const matches = answers.filter((l) => l.match).length;
    expect(matches).toBeGreaterThanOrEqual(5);
    expect(answers.length - matches).toBeGreaterThanOrEqual(5);
  });

  it("learns nothing from too few answers or answers of one kind", () => {
    expect(learnFromLabels(run.model, run.store, answers.slice(0, 10))).toEqual(IDENTITY_CALIBRATION);
    const onlyMatches = answers.map((l) => ({ ...l, match: true }));
    expect(learnFromLabels(run.model, run.store, onlyMatches)).toEqual(IDENTITY_CALIBRATION);
  });

  it("moves what links: kept-apart pairs that were mostly one person lower the match weight, and recall rises", () => {
    const learnt = learnFromLabels(run.model, run.store, answers);
    // Read for the decision they could change: pairs the gate held, and pairs below the threshold; a pair above it
    // was kept apart by the chaining guard and says nothing about the threshold.
    const scorer = new PairScorer(run.model, run.store);
    const threshold = probabilityToWeight(run.model.matchThreshold);
    const informative = answers.filter((l) => {
      const weight = scorer.score(l.a, l.b);
      return weight >= threshold - 8 && (!scorer.passesNameGate(l.a, l.b) || weight < threshold);
    });
    expect(informative.length).toBeLessThan(answers.length);
    expect(learnt.labels).toBe(informative.length);
    expect(calibratedMatchWeight({ ...run.model, calibration: learnt })).toBeLessThan(
      calibratedMatchWeight(run.model),
    );
    const taught = resolveRecords(records, { model: run.model, labels: byId });
    expect(taught.model.calibration).toEqual(learnt);
    const before = f1(run.clusterIds);
    const after = f1(taught.clusterIds);
    expect(after.recall).toBeGreaterThan(before.recall);
  });

  it("is fitted against the model's own weights: a model that learnt already learns the same again, not twice", () => {
    const learnt = learnFromLabels(run.model, run.store, answers, { levelPriorBits: 1 });
    const again = learnFromLabels({ ...run.model, calibration: learnt }, run.store, answers, {
      levelPriorBits: 1,
    });
    expect(again).toEqual(learnt);
  });

  it("with the level layer on, shifts the weight of the levels the answers speak about, and the scorer uses them", () => {
    const learnt = learnFromLabels(run.model, run.store, answers, { levelPriorBits: 1 });
    const shifts = learnt.levels!.flat();
    expect(shifts.some((s) => Math.abs(s) > 0.05)).toBe(true);
    const scorer = new PairScorer({ ...run.model, calibration: learnt }, run.store);
    run.model.comparisons.forEach((comparison, k) =>
      comparison.levels.forEach((level, l) =>
        expect(scorer.weights[k]![l]).toBeCloseTo(levelWeight(level) + learnt.levels![k]![l]!, 10),
      ),
    );
    // Levels no answer showed stay where the model put them.
    const seen = new Set<string>();
    const base = new PairScorer(run.model, run.store);
    for (const l of answers) base.levelFunctions.forEach((level, k) => seen.add(`${k}:${level(l.a, l.b)}`));
    learnt.levels!.forEach((row, k) =>
      row.forEach((shift, l) => {
        if (!seen.has(`${k}:${l}`)) expect(shift).toBe(0);
      }),
    );
  });

  it("releases the name gate where answers vouch for gated pairs, never for a household, in batch and real time alike", () => {
    const scorer = new PairScorer(run.model, run.store);
    const households = householdClassifier(scorer);
    const vouched = { slope: 1, intercept: 0, gatedShift: -2, labels: 50 };
    const taughtScorer = new PairScorer({ ...run.model, calibration: vouched }, run.store);
    const release = gatedMatchWeight({ ...run.model, calibration: vouched });
    const gated = Array.from({ length: run.scored.length }, (_, i) => i).filter(
      (i) => !scorer.passesNameGate(run.scored.a[i]!, run.scored.b[i]!),
    );
    expect(gated.length).toBeGreaterThan(0);
    let released = 0;
    for (const i of gated) {
      const [a, b] = [run.scored.a[i]!, run.scored.b[i]!];
      expect(pairGateOf(scorer)(a, b)).toBe(false);
      const expected = taughtScorer.score(a, b) >= release && !households.isHousehold(a, b);
      expect(pairGateOf(taughtScorer)(a, b)).toBe(expected);
      if (expected) released++;
    }
    expect(released).toBeGreaterThan(0);
  });

  it("ignores answers about records the batch does not hold", () => {
    const withStrangers = [...byId, { recordA: "nobody-1", recordB: "nobody-2", match: true }];
    const taught = resolveRecords(records, { model: run.model, labels: withStrangers });
    expect(taught.model.calibration).toEqual(learnFromLabels(run.model, run.store, answers));
  });
});
