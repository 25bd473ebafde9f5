// Clustering of scored pairs into entities without chaining: links are applied strongest first, and a link that
// would put two records whose own comparison clearly separates them (weight below cannotLinkWeight) into one
// cluster is refused, as is one that would put two records of one source system that do not link to each other
// (weight below sameSourceCannotLinkWeight) together. Plain connected components (guard off) lets one weak link
// join two people.
import { isMatch } from "./decide/classify";

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

/**
 * The rule that keeps clusters from chaining, for any two groups of records about to become one (decision 0102):
 * the batch's merges (clusterPairs) and the real-time path's joins (an arrival joining a profile) both ask it, so
 * both refuse exactly the same things.
 */
export interface JoinGuard {
  /** A cross pair below this weight (bits) vetoes the join; -Infinity turns the check off. */
  cannotLinkWeight: number;
  /** Match weight of any two records (also pairs blocking never produced). */
  scorePair: (a: number, b: number) => number;
  /** A join needing more cross pairs than this is refused (2,500 by default: 50 x 50 records). */
  maxCrossChecks?: number;
  /** Source system per record position (null: unknown); only with the same-source check. */
  sources?: readonly (string | null)[];
  /**
   * Two records of one source below this weight (bits) veto the join; -Infinity (the default) turns it off. Callers
   * turn it on only for data from two sources or more (sameSourceCannotLinkWeightFor).
   */
  sameSourceCannotLinkWeight?: number;
}

/** Why a join was refused: the first cross pair that vetoed it, or its size. */
export type JoinVeto =
  | { reason: "cannot-link" | "same-source"; a: number; b: number; weight: number }
  | { reason: "too-large"; crossChecks: number };

/**
 * Null when the records of `left` and `right` may form one cluster, else the veto: more cross pairs than
 * maxCrossChecks, or one cross pair below cannotLinkWeight, or two records of one source below
 * sameSourceCannotLinkWeight. Every cross pair is scored (any one clearly separated pair vetoes: an average would let
 * a big cluster outvote it). Two single records are not checked: the link that brings them together is their own
 * pair, at or above the match weight.
 */
export function mayJoinClusters(
  guard: JoinGuard,
  left: ArrayLike<number>,
  right: ArrayLike<number>,
): JoinVeto | null {
  if (left.length <= 1 && right.length <= 1) return null;
  const crossChecks = left.length * right.length;
  if (crossChecks > (guard.maxCrossChecks ?? 2_500)) return { reason: "too-large", crossChecks };
  const cannot = guard.cannotLinkWeight;
  const sources = guard.sources;
  const sameSource = sources ? (guard.sameSourceCannotLinkWeight ?? -Infinity) : -Infinity;
  for (let x = 0; x < left.length; x++) {
    const a = left[x]!;
    const sourceA = sameSource > -Infinity ? sources![a] : null;
    for (let y = 0; y < right.length; y++) {
      const b = right[y]!;
      const weight = guard.scorePair(a, b);
      if (weight < cannot) return { reason: "cannot-link", a, b, weight };
      if (weight < sameSource && sourceA !== null && sourceA !== undefined && sourceA === sources![b])
        return { reason: "same-source", a, b, weight };
    }
  }
  return null;
}

/** The same-source veto weight for records of these sources: off (-Infinity) unless they come from two or more. */
export function sameSourceCannotLinkWeightFor(
  sources: readonly (string | null)[],
  weight: number | undefined,
): number {
  return hasSeveralSources(sources) ? (weight ?? -Infinity) : -Infinity;
}

export interface Clustering {
  /** Cluster id (the smallest member position) per record position. */
  clusterOf: Int32Array;
  links: number;
  refusedMerges: number;
  /** Field-poor records joined to the one cluster holding their contact value after the links (decision 0107). */
  attached: number;
  /** Linking only: single records paired with their mutual best candidate after the links (decision 0107). */
  pairedOneToOne: number;
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
  for (let i = 0; i < pairs.length; i++)
    if (isMatch(pairs.weight[i]!, options.matchWeight, mayLink, pairs.a[i]!, pairs.b[i]!))
      linkIndexes.push(i);
  linkIndexes.sort((x, y) => pairs.weight[y]! - pairs.weight[x]!);
  const guard = options.cannotLinkWeight > -Infinity;
  const maxCrossChecks = options.maxCrossChecks ?? 2_500;
  const sources = options.sources;
  const sameSourceWeight = sources
    ? sameSourceCannotLinkWeightFor(sources, options.sameSourceCannotLinkWeight)
    : -Infinity;
  const joinGuard: JoinGuard = {
    cannotLinkWeight: options.cannotLinkWeight,
    scorePair: options.scorePair,
    maxCrossChecks,
    sources,
    sameSourceCannotLinkWeight: sameSourceWeight,
  };
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
    if (guard && mayJoinClusters(joinGuard, ma, mb) !== null) {
      refusedMerges++;
      refused.add(pairKey);
      continue;
    }
    links++;
    const [big, small, bigMembers, smallMembers] =
      ma.length >= mb.length ? [ra, rb, ma, mb] : [rb, ra, mb, ma];
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
  return { clusterOf, links, refusedMerges, attached: 0, pairedOneToOne: 0 };
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
