// Stable profile ids across re-runs: a cluster keeps the id of the earlier profile whose membership it mostly shares.

export interface StableIdAssignment {
  /** Profile id per cluster, in the order the clusters were given. */
  profileIds: string[];
  /** Which clusters got a brand-new id. */
  isNew: boolean[];
  /** Earlier profiles that no cluster kept, with the profile that took most of their records. */
  retired: Map<string, string | null>;
}

/**
 * A cluster keeps an earlier profile's id when they share at least half of the cluster AND at least half of the
 * earlier profile: a profile that grows, loses a stray record, or absorbs a smaller one keeps its id; one split
 * in two keeps its id in the larger (or first) half. Greedy by overlap, ties broken by id, so runs are deterministic.
 */
export function assignStableProfileIds(
  clusters: readonly (readonly string[])[],
  previousProfileOf: ReadonlyMap<string, string | null>,
  newId: () => string,
): StableIdAssignment {
  const previousSize = new Map<string, number>();
  for (const profileId of previousProfileOf.values())
    if (profileId) previousSize.set(profileId, (previousSize.get(profileId) ?? 0) + 1);

  const overlaps: { cluster: number; profileId: string; overlap: number }[] = [];
  const overlapByCluster: Map<string, number>[] = clusters.map((members, cluster) => {
    const counts = new Map<string, number>();
    for (const recordId of members) {
      const profileId = previousProfileOf.get(recordId);
      if (profileId) counts.set(profileId, (counts.get(profileId) ?? 0) + 1);
    }
    for (const [profileId, overlap] of counts) overlaps.push({ cluster, profileId, overlap });
    return counts;
  });
  overlaps.sort(
    (x, y) =>
      y.overlap - x.overlap ||
      (x.profileId < y.profileId ? -1 : x.profileId > y.profileId ? 1 : x.cluster - y.cluster),
  );

  const profileIds: (string | undefined)[] = Array.from({ length: clusters.length }, () => undefined);
  const claimed = new Set<string>();
  for (const { cluster, profileId, overlap } of overlaps) {
    if (profileIds[cluster] !== undefined || claimed.has(profileId)) continue;
    if (overlap * 2 < clusters[cluster]!.length || overlap * 2 < previousSize.get(profileId)!) continue;
    profileIds[cluster] = profileId;
    claimed.add(profileId);
  }
  const isNew = clusters.map((_, cluster) => profileIds[cluster] === undefined);
  const finalIds = profileIds.map((id) => id ?? newId());

  const retired = new Map<string, string | null>();
  for (const profileId of previousSize.keys()) {
    if (claimed.has(profileId)) continue;
    let best: { cluster: number; overlap: number } | null = null;
    overlapByCluster.forEach((counts, cluster) => {
      const overlap = counts.get(profileId) ?? 0;
      if (overlap > 0 && (!best || overlap > best.overlap)) best = { cluster, overlap };
    });
    retired.set(profileId, best ? finalIds[(best as { cluster: number }).cluster]! : null);
  }
  return { profileIds: finalIds, isNew, retired };
}
