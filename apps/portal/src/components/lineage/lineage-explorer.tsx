"use client";
// The lineage page's interactive part: datasets collapse into one node until expanded, search focuses the graph on
// one asset's upstream and downstream, and the selected asset's impact analysis is listed and downloadable as CSV.
import type { RouterOutputs } from "@c360/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { downloadText } from "~/components/glossary/download";
import { useTRPC } from "~/trpc/react";
import { AssetCuration } from "./asset-curation";
import { LineageGraph, type GraphEdge, type GraphNode } from "./lineage-graph";

type Graph = RouterOutputs["lineage"]["graph"];
type Asset = Graph["nodes"][number];

/** Walks edges both ways from the focus; the visited set ends the walk on cycles. */
function connectedTo(focus: string, edges: GraphEdge[]): Set<string> {
  const seen = new Set([focus]);
  for (const direction of ["down", "up"] as const) {
    const queue = [focus];
    const visited = new Set([focus]);
    while (queue.length) {
      const id = queue.shift()!;
      for (const e of edges) {
        const next = direction === "down" ? (e.from === id ? e.to : null) : e.to === id ? e.from : null;
        if (next && !visited.has(next)) {
          visited.add(next);
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  return seen;
}

export function LineageExplorer({
  graph,
  canWrite,
  initialAssetId = null,
}: {
  graph: Graph;
  canWrite: boolean;
  /** Opened on this asset (focused and selected; a column's dataset expanded), as the catalog links ask. */
  initialAssetId?: string | null;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const byId = useMemo(() => new Map(graph.nodes.map((n) => [n.id, n] as const)), [graph.nodes]);
  const [expanded, setExpanded] = useState<Set<string>>(() => {
    const initial = initialAssetId ? graph.nodes.find((n) => n.id === initialAssetId) : undefined;
    return new Set(initial?.kind === "column" && initial.parentId ? [initial.parentId] : []);
  });
  const [focusId, setFocusId] = useState<string | null>(initialAssetId);
  const [selectedId, setSelectedId] = useState<string | null>(initialAssetId);
  const [search, setSearch] = useState("");
  const [message, setMessage] = useState<string | null>(null);

  const datasetsWithColumns = useMemo(
    () => new Set(graph.nodes.filter((n) => n.kind === "column" && n.parentId).map((n) => n.parentId!)),
    [graph.nodes],
  );
  /** The node an asset is drawn as: a column of a collapsed dataset is drawn as the dataset. */
  const representative = useMemo(() => {
    return (id: string): string => {
      const node = byId.get(id);
      if (node?.kind === "column" && node.parentId && byId.has(node.parentId) && !expanded.has(node.parentId))
        return node.parentId;
      return id;
    };
  }, [byId, expanded]);

  const view = useMemo(() => {
    const edgeMap = new Map<string, GraphEdge>();
    for (const e of graph.edges) {
      const from = representative(e.from);
      const to = representative(e.to);
      if (from === to) continue;
      const key = `${from}>${to}`;
      const existing = edgeMap.get(key);
      const label = [e.transformation, e.jobName].filter(Boolean).join(" · ");
      if (existing)
        existing.label =
          existing.label && !existing.label.includes(label)
            ? `${existing.label}; ${label}`
            : existing.label || label;
      else edgeMap.set(key, { id: key, from, to, label });
    }
    let edges = [...edgeMap.values()];
    const ids = new Set(edges.flatMap((e) => [e.from, e.to]));
    for (const id of expanded) ids.add(id);
    for (const n of graph.nodes)
      if (n.kind === "column" && n.parentId && expanded.has(n.parentId)) ids.add(n.id);
    const focus = focusId ? representative(focusId) : null;
    if (focus) {
      ids.add(focus);
      const keep = connectedTo(focus, edges);
      for (const id of [...ids]) if (!keep.has(id)) ids.delete(id);
      edges = edges.filter((e) => keep.has(e.from) && keep.has(e.to));
    }
    const nodes: GraphNode[] = [...ids]
      .map((id) => byId.get(id))
      .filter((n): n is Asset => !!n)
      .map((n) => ({
        id: n.id,
        label:
          n.kind === "dataset" && n.parentId ? `${byId.get(n.parentId)?.name ?? ""} · ${n.name}` : n.name,
        sublabel: n.qualifiedName,
        kind: n.kind,
        expandable: datasetsWithColumns.has(n.id),
        expanded: expanded.has(n.id),
        classification: n.classification,
      }));
    return { nodes, edges };
  }, [graph, representative, expanded, focusId, byId, datasetsWithColumns]);

  const selected = selectedId ? byId.get(selectedId) : undefined;
  const impact = useQuery({
    ...trpc.lineage.impact.queryOptions({ assetId: selectedId ?? "" }),
    enabled: !!selectedId,
  });
  // The selected asset's whole lineage stays lit: what feeds it (walked up the graph's edges) and what it feeds
  // (the impact analysis); only unrelated assets fade.
  const highlighted = useMemo(() => {
    if (!selectedId || !impact.data) return null;
    const lit = new Set([
      representative(selectedId),
      ...impact.data.impacted.map((i) => representative(i.assetId)),
    ]);
    const feeding = new Map<string, string[]>();
    for (const edge of graph.edges) {
      const to = representative(edge.to);
      feeding.set(to, [...(feeding.get(to) ?? []), representative(edge.from)]);
    }
    const queue = [representative(selectedId)];
    const seen = new Set(queue);
    while (queue.length > 0) {
      for (const from of feeding.get(queue.pop()!) ?? []) {
        if (seen.has(from)) continue;
        seen.add(from);
        lit.add(from);
        queue.push(from);
      }
    }
    return lit;
  }, [selectedId, impact.data, representative, graph.edges]);

  const matches = useMemo(() => {
    const q = search.trim().toLowerCase();
    if (q.length < 2) return [];
    return graph.nodes
      .filter((n) => n.qualifiedName.toLowerCase().includes(q) || n.name.toLowerCase().includes(q))
      .slice(0, 12);
  }, [search, graph.nodes]);

  const sync = useMutation(
    trpc.catalog.syncFromPlatform.mutationOptions({
      onSuccess: (r) => {
        setMessage(`Catalog refreshed: ${r.newAssets} new asset(s), ${r.newEdges} new edge(s).`);
        router.refresh();
      },
      onError: (e) => setMessage(e.message),
    }),
  );

  function focusOn(asset: Asset) {
    if (asset.kind === "column" && asset.parentId) setExpanded((s) => new Set(s).add(asset.parentId!));
    setFocusId(asset.id);
    setSelectedId(asset.id);
    setSearch("");
  }

  async function downloadImpact() {
    if (!selected) return;
    const csv = await queryClient.fetchQuery(trpc.lineage.impactCsv.queryOptions({ assetId: selected.id }));
    downloadText(`impact-${selected.qualifiedName.replace(/[^a-z0-9]+/gi, "-")}.csv`, csv);
  }

  return (
    <div className="grid gap-4 xl:grid-cols-[1fr_22rem]">
      <div className="min-w-0 space-y-3">
        <div className="flex flex-wrap items-end gap-2">
          <div className="relative">
            <label className="flex flex-col text-sm text-slate-700">
              Find an asset
              <input
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                placeholder="e.g. crm email"
                className="mt-1 w-72 rounded-md border border-slate-300 px-3 py-2"
                aria-controls="lineage-search-results"
              />
            </label>
            {matches.length > 0 && (
              <ul
                id="lineage-search-results"
                aria-label="Matching assets"
                className="absolute z-20 mt-1 w-96 rounded-md border border-slate-200 bg-white shadow"
              >
                {matches.map((m) => (
                  <li key={m.id}>
                    <button
                      type="button"
                      onClick={() => focusOn(m)}
                      className="w-full px-3 py-1 text-left text-sm hover:bg-slate-50"
                    >
                      <code>{m.qualifiedName}</code>{" "}
                      <span className="text-slate-500">{m.kind.replace("_", " ")}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <button
            type="button"
            onClick={() => setExpanded(new Set(datasetsWithColumns))}
            className="rounded-md border border-slate-300 px-3 py-2 text-sm"
          >
            Expand all datasets
          </button>
          <button
            type="button"
            onClick={() => setExpanded(new Set())}
            className="rounded-md border border-slate-300 px-3 py-2 text-sm"
          >
            Collapse all
          </button>
          {focusId && (
            <button
              type="button"
              onClick={() => setFocusId(null)}
              className="rounded-md border border-slate-300 px-3 py-2 text-sm"
            >
              Show whole graph
            </button>
          )}
          {canWrite && (
            <button
              type="button"
              disabled={sync.isPending}
              onClick={() => sync.mutate()}
              className="rounded-md bg-slate-800 px-3 py-2 text-sm text-white disabled:opacity-50"
            >
              Refresh from platform
            </button>
          )}
        </div>
        {message && (
          <p role="status" className="rounded-md bg-slate-50 px-3 py-2 text-sm">
            {message}
          </p>
        )}
        {graph.truncated && (
          <p className="text-sm text-amber-800">
            The catalog is large: showing the first {graph.nodes.length} assets. Search and focus to see the
            rest.
          </p>
        )}
        {view.nodes.length ? (
          <LineageGraph
            nodes={view.nodes}
            edges={view.edges}
            selectedId={selectedId ? representative(selectedId) : null}
            highlighted={highlighted}
            onSelect={setSelectedId}
            onToggle={(id) =>
              setExpanded((s) => {
                const next = new Set(s);
                if (next.has(id)) next.delete(id);
                else next.add(id);
                return next;
              })
            }
          />
        ) : (
          <p className="rounded-xl border border-slate-200 bg-white p-6 text-slate-600">
            No lineage yet: import a source, or post an OpenLineage event to /api/v1/lineage.
          </p>
        )}
      </div>
      <aside
        aria-labelledby="asset-heading"
        className="rounded-xl border border-slate-200 bg-white p-4 text-sm"
      >
        {selected ? (
          <>
            <h2 id="asset-heading" className="text-lg font-medium break-all">
              {selected.qualifiedName}
            </h2>
            <p className="text-slate-600">
              {selected.kind.replace("_", " ")} · registered by {selected.registeredBy}
              {selected.classification.length > 0 && ` · ${selected.classification.join(", ")}`}
            </p>
            <div className="mt-2 flex gap-2">
              <button
                type="button"
                onClick={() => focusOn(selected)}
                className="rounded border border-slate-300 px-2 py-1"
              >
                Focus here
              </button>
              <button
                type="button"
                onClick={downloadImpact}
                className="rounded border border-slate-300 px-2 py-1"
              >
                Download impact CSV
              </button>
            </div>
            <AssetCuration key={selected.id} assetId={selected.id} canWrite={canWrite} />
            <h3 className="mt-4 mb-1 font-medium">Impact analysis: everything downstream</h3>
            {impact.isLoading && <p className="text-slate-500">Analysing…</p>}
            {impact.error && (
              <p role="alert" className="text-red-800">
                {impact.error.message}
              </p>
            )}
            {impact.data && (
              <ol aria-label="Impacted assets" className="max-h-[55vh] space-y-1 overflow-y-auto">
                {impact.data.impacted.map((i) => (
                  <li key={i.assetId} data-testid="impacted-asset">
                    <code className="break-all">{i.qualifiedName}</code>
                    <span className="text-slate-500">
                      {" "}
                      {i.kind.replace("_", " ")} · {i.depth} hop{i.depth > 1 ? "s" : ""}
                      {i.transformation && ` · ${i.transformation}`}
                    </span>
                  </li>
                ))}
                {impact.data.impacted.length === 0 && <li className="text-slate-500">Nothing downstream.</li>}
              </ol>
            )}
          </>
        ) : (
          <>
            <h2 id="asset-heading" className="text-lg font-medium">
              Impact analysis
            </h2>
            <p className="text-slate-600">
              Select an asset in the graph, or find one, to see everything downstream of it.
            </p>
          </>
        )}
      </aside>
    </div>
  );
}
