// Stewards' decisions outrank the model in a batch re-run: a pair they merged stays together, a pair they
// separated stays apart.

export interface StewardDecision {
  recordAId: string;
  recordBId: string;
  isMatch: boolean;
}

/**
 * Returns a cluster label per record after applying decisions to the model's labels: must-link pairs join their
 * clusters; for a cannot-link pair still sharing a cluster, the second record leaves to a cluster of its own
 * (unless a must-link holds it, in which case the steward's link wins and the conflict is left to review).
 */
export function applyStewardDecisions(
  recordIds: readonly string[],
  clusterIds: readonly string[],
  decisions: readonly StewardDecision[],
): string[] {
  if (decisions.length === 0) return [...clusterIds];
  const positionOf = new Map(recordIds.map((id, position) => [id, position]));
  const parent = new Map<string, string>();
  const find = (label: string): string => {
    let root = label;
    while (parent.has(root)) root = parent.get(root)!;
    let node = label;
    while (parent.has(node)) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const labels = [...clusterIds];
  const mustLinked = new Set<string>();
  for (const decision of decisions) {
    if (!decision.isMatch) continue;
    const a = positionOf.get(decision.recordAId);
    const b = positionOf.get(decision.recordBId);
    if (a === undefined || b === undefined) continue;
    mustLinked.add(decision.recordAId).add(decision.recordBId);
    const ra = find(labels[a]!);
    const rb = find(labels[b]!);
    if (ra !== rb) parent.set(rb, ra);
  }
  for (let i = 0; i < labels.length; i++) labels[i] = find(labels[i]!);
  for (const decision of decisions) {
    if (decision.isMatch) continue;
    const a = positionOf.get(decision.recordAId);
    const b = positionOf.get(decision.recordBId);
    if (a === undefined || b === undefined || labels[a] !== labels[b] || mustLinked.has(decision.recordBId))
      continue;
    labels[b] = `steward-split:${decision.recordBId}`;
  }
  return labels;
}
