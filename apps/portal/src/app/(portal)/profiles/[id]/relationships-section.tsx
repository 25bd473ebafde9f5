// Household members, employers and accounts as a small graph, with the same facts as a list.
import type { RelatedProfileView } from "@c360/core/profiles/get-profile-view";
import { RelationshipGraph, type GraphEdge, type GraphNode } from "@c360/ui/relationship-graph";
import { Section } from "./section";

export function RelationshipsSection({
  profileId,
  displayName,
  relationships,
}: {
  profileId: string;
  displayName: string | null;
  relationships: RelatedProfileView[];
}) {
  const nodes: GraphNode[] = [{ id: profileId, label: displayName ?? "This customer", kind: "self" }];
  const edges: GraphEdge[] = [];
  for (const [i, related] of relationships.entries()) {
    const id = related.profileId ?? `account-${i}`;
    nodes.push({
      id,
      label: related.displayName ?? related.accountName ?? "Unnamed",
      kind: related.profileId ? "profile" : "account",
      href: related.profileId ? `/profiles/${related.profileId}` : undefined,
    });
    edges.push({ from: profileId, to: id, label: related.reason });
  }
  return (
    <Section
      id="relationships"
      title="Relationships"
      description="Recorded relationships, and households inferred from a phone or street address shared with another profile."
    >
      {relationships.length === 0 ? (
        <p className="text-sm text-slate-600">No related profiles or accounts found.</p>
      ) : (
        <>
          <RelationshipGraph
            title={`Relationships of ${displayName ?? "this customer"}`}
            nodes={nodes}
            edges={edges}
          />
          <ul className="mt-3 text-sm">
            {relationships.map((r, i) => (
              <li key={r.profileId ?? `account-${i}`}>
                {r.profileId ? (
                  <a className="text-brand-700 hover:underline" href={`/profiles/${r.profileId}`}>
                    {r.displayName ?? "Unnamed profile"}
                  </a>
                ) : (
                  r.accountName
                )}{" "}
                <span className="text-slate-500">
                  — {r.kind.replace(/_/g, " ")}, {r.reason}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}
