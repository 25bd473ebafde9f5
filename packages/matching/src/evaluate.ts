// Pairwise precision, recall and F1 of a clustering against ground truth: the formula of
// shared/tools/score-clusters.mjs (every pair of records placed together counts; a record left out is a singleton).

export interface PairwiseScore {
  records: number;
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

export function pairwiseScore(
  predicted: ReadonlyMap<string, string>,
  truth: ReadonlyMap<string, string>,
): PairwiseScore {
  const cell = new Map<string, number>();
  const predSize = new Map<string, number>();
  const trueSize = new Map<string, number>();
  for (const [id, entity] of truth) {
    const p = predicted.get(id);
    const cluster = p === undefined ? `single:${id}` : `c:${p}`;
    predSize.set(cluster, (predSize.get(cluster) ?? 0) + 1);
    trueSize.set(entity, (trueSize.get(entity) ?? 0) + 1);
    const key = `${cluster}\u0000${entity}`;
    cell.set(key, (cell.get(key) ?? 0) + 1);
  }
  let truePositives = 0;
  let predictedPairs = 0;
  let truePairs = 0;
  for (const n of cell.values()) truePositives += pairs(n);
  for (const n of predSize.values()) predictedPairs += pairs(n);
  for (const n of trueSize.values()) truePairs += pairs(n);
  const precision = predictedPairs ? truePositives / predictedPairs : 1;
  const recall = truePairs ? truePositives / truePairs : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { records: truth.size, truePairs, predictedPairs, truePositives, precision, recall, f1 };
}
