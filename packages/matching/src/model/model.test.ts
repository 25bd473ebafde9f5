import { describe, expect, it } from "vitest";
import { generateCustomers } from "../synthetic/generate";
import { resolveRecords } from "../resolve";
import {
  formatModel,
  levelWeight,
  loadModel,
  probabilityToWeight,
  saveModel,
  weightToProbability,
} from "./model";

describe("model", () => {
  const { records } = generateCustomers({ persons: 400, seed: 3 });
  const { model } = resolveRecords(records, { uSampleSize: 50_000 });

  it("round-trips through JSON unchanged", () => {
    const loaded = loadModel(saveModel(model));
    expect(loaded).toEqual(model);
    const rerun = resolveRecords(records, { model: loaded });
    expect(rerun.model).toBe(loaded);
  });

  it("refuses a model whose levels do not fit its comparisons", () => {
    const broken = JSON.parse(saveModel(model)) as { comparisons: { levels: unknown[] }[] };
    broken.comparisons[0]!.levels.pop();
    expect(() => loadModel(JSON.stringify(broken))).toThrow(/has \d+ levels, its kind "name" has \d+/);
    expect(() => loadModel('{"version":2}')).toThrow(/unsupported version 2/);
  });

  it("prints every comparison level with m, u and weight", () => {
    const text = formatModel(model);
    expect(text).toMatch(/first_name\s+nickname of the same formal name/);
    expect(text).toMatch(/^prior: P\(two random records match\)/);
    expect(text.split("\n").length).toBeGreaterThan(model.comparisons.length * 3);
  });

  it("learns that agreement is evidence for a match and disagreement against", () => {
    for (const comparison of model.comparisons) {
      const exact = comparison.levels[1]!;
      const otherwise = comparison.levels.at(-1)!;
      expect(levelWeight(exact), comparison.spec.name).toBeGreaterThan(levelWeight(otherwise));
    }
    const dob = model.comparisons.find((c) => c.spec.name === "dob")!;
    expect(levelWeight(dob.levels[1]!)).toBeGreaterThan(5);
    expect(weightToProbability(probabilityToWeight(0.9))).toBeCloseTo(0.9, 12);
  });

  it("estimates the prior near the true share of matching pairs, at both sizes (blocking's namesakes do not inflate it)", () => {
    for (const persons of [400, 3000]) {
      const data = generateCustomers({ persons, seed: 5 });
      const trained = resolveRecords(data.records, { uSampleSize: 50_000 }).model;
      const perPerson = new Map<string, number>();
      for (const id of data.personIds) perPerson.set(id, (perPerson.get(id) ?? 0) + 1);
      let matchingPairs = 0;
      for (const count of perPerson.values()) matchingPairs += (count * (count - 1)) / 2;
      const n = data.records.length;
      const ratio = trained.probabilityTwoRandomRecordsMatch / (matchingPairs / ((n * (n - 1)) / 2));
      expect(ratio, `${persons} persons`).toBeGreaterThan(0.5);
      expect(ratio, `${persons} persons`).toBeLessThan(2);
    }
  });
});
