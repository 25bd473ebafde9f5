// Linking files (linkOnly): each file holds a person once, so a record's best candidate in the other file is the only
// record there that can be that person. Two records still alone after clustering that are each other's best candidate
// (no tie), at a match probability of one half or more, are linked, even where the name gate or the match threshold
// held them apart: the one-to-one premise removes the explanations the gate and the threshold guard against in
// deduplication (a household member or a namesake in the same data). Decision 0107, second part.
import type { ScoredPairs } from "../cluster";

/** Links mutual best candidates among single-record clusters, in place (ids stay the smallest member). Returns the count. */
export function linkMutualBestSingletons(
  pairs: ScoredPairs,
  clusterOf: Int32Array,
  minWeight: number,
): number {
  const n = clusterOf.length;
  const size = new Int32Array(n);
  for (let i = 0; i < n; i++) size[clusterOf[i]!]!++;
  const best = new Float64Array(n).fill(-Infinity);
  const bestOf = new Int32Array(n).fill(-1);
  // A record with two candidates at its best weight has no single best one (-2).
  const offer = (record: number, other: number, weight: number) => {
    if (weight > best[record]!) {
      best[record] = weight;
      bestOf[record] = other;
    } else if (weight === best[record] && bestOf[record] !== other) bestOf[record] = -2;
  };
  for (let i = 0; i < pairs.length; i++) {
    const a = pairs.a[i]!;
    const b = pairs.b[i]!;
    const weight = pairs.weight[i]!;
    offer(a, b, weight);
    offer(b, a, weight);
  }
  let linked = 0;
  for (let a = 0; a < n; a++) {
    const b = bestOf[a]!;
    if (b <= a || bestOf[b] !== a || best[a]! < minWeight) continue;
    if (size[clusterOf[a]!] !== 1 || size[clusterOf[b]!] !== 1) continue;
    clusterOf[b] = a;
    clusterOf[a] = a;
    linked++;
  }
  return linked;
}
