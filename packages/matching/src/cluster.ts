// Clustering of scored pairs into entities without chaining: links are applied strongest first, and a link that
// would put two records whose own comparison clearly separates them (weight below cannotLinkWeight) into one
// cluster is refused, as is one that would put two records of one source system that do not link to each other
// (weight below sameSourceCannotLinkWeight) together. Plain connected components (guard off) lets one weak link
// join two people.

export interface ScoredPairs {
  a: Int32Array;
  b: Int32Array;
  weight: Float64Array;
  length: number;
}

export interface ClusterOptions {
  /** Pairs at or above this match weight (bits) are links. */
  matchWeight: number;
  /** Refuse a merge that would join two records scoring below this (bits). Infinity-less: -Infinity disables the guard. */
  cannotLinkWeight: number;
  /** Match weight of any two records, for the cross-cluster check (also pairs blocking never produced). */
  scorePair: (a: number, b: number) => number;
  /** Pairs that may not be linked automatically whatever their weight (the model's name gate). */
  mayLink?: (a: number, b: number) => boolean;
  /** A merge needing more cross checks than this (50 x 50 records by default) is refused: it would make one person of a crowd. */
  maxCrossChecks?: number;
  /**
   * Source system of each record position (null: unknown). Two records of one source may share a cluster only if
   * their own weight reaches sameSourceCannotLinkWeight: a system mostly holds a person once, so two of its records
   * that do not link to each other are two people, whatever record of another system links to both. Only for data
   * from two sources or more: deduplicating one system's records is finding exactly the pairs this would refuse.
   */
  sources?: readonly (string | null)[];
  /** Bits; -Infinity (or no sources) turns the same-source check off. */
  sameSourceCannotLinkWeight?: number;
}

export interface Clustering {
  /** Cluster id (the smallest member position) per record position. */
  clusterOf: Int32Array;
  links: number;
  refusedMerges: number;
}

export function clusterPairs(recordCount: number, pairs: ScoredPairs, options: ClusterOptions): Clustering {
  const parent = new Int32Array(recordCount);
  for (let i = 0; i < recordCount; i++) parent[i] = i;
  const members = new Array<number[] | undefined>(recordCount);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const linkIndexes: number[] = [];
  const mayLink = options.mayLink ?? (() => true);
  for (let i = 0; i < pairs.length; i++) if (pairs.weight[i]! >= options.matchWeight && mayLink(pairs.a[i]!, pairs.b[i]!)) linkIndexes.push(i);
  linkIndexes.sort((x, y) => pairs.weight[y]! - pairs.weight[x]!);
  const guard = options.cannotLinkWeight > -Infinity;
  const maxCrossChecks = options.maxCrossChecks ?? 2_500;
  const sources = options.sources;
  const sameSourceWeight = sources && hasSeveralSources(sources) ? (options.sameSourceCannotLinkWeight ?? -Infinity) : -Infinity;
  // A refused merge stays refused: the pair that vetoed it stays in the two clusters however they grow.
  const refused = new Set<number>();
  let links = 0;
  let refusedMerges = 0;
  for (const i of linkIndexes) {
    const ra = find(pairs.a[i]!);
    const rb = find(pairs.b[i]!);
    if (ra === rb) continue;
    const ma = members[ra] ?? [ra];
    const mb = members[rb] ?? [rb];
    const pairKey = ra < rb ? ra * recordCount + rb : rb * recordCount + ra;
    if (refused.has(pairKey)) continue;
    if (guard && (ma.length > 1 || mb.length > 1)) {
      // Any one clearly-separated cross pair vetoes the merge (an average would let a big cluster outvote it).
      let refuse = ma.length * mb.length > maxCrossChecks;
      for (let x = 0; x < ma.length && !refuse; x++) {
        const x0 = ma[x]!;
        for (let y = 0; y < mb.length; y++) {
          const weight = options.scorePair(x0, mb[y]!);
          if (weight < options.cannotLinkWeight || (weight < sameSourceWeight && sources![x0] !== null && sources![x0] === sources![mb[y]!])) {
            refuse = true;
            break;
          }
        }
      }
      if (refuse) {
        refusedMerges++;
        refused.add(pairKey);
        continue;
      }
    }
    links++;
    const [big, small, bigMembers, smallMembers] = ma.length >= mb.length ? [ra, rb, ma, mb] : [rb, ra, mb, ma];
    parent[small] = big;
    for (const m of smallMembers) bigMembers.push(m);
    members[big] = bigMembers;
    members[small] = undefined;
  }
  const clusterOf = new Int32Array(recordCount);
  const smallest = new Int32Array(recordCount).fill(-1);
  for (let i = 0; i < recordCount; i++) {
    const root = find(i);
    if (smallest[root] === -1) smallest[root] = i;
    clusterOf[i] = smallest[root]!;
  }
  return { clusterOf, links, refusedMerges };
}

function hasSeveralSources(sources: readonly (string | null)[]): boolean {
  let first: string | null = null;
  for (const source of sources) {
    if (source === null) continue;
    if (first === null) first = source;
    else if (source !== first) return true;
  }
  return false;
}
