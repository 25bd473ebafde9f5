"use client";
// A layered lineage graph: dagre lays it out left to right (it breaks cycles for ranking only, so a cycle is drawn
// as edges back to the left, never walked), and SVG draws it with zoom.
import { graphlib, layout } from "@dagrejs/dagre";
import { useMemo, useState } from "react";

export interface GraphNode {
  id: string;
  label: string;
  sublabel?: string;
  kind: string;
  /** A dataset shown collapsed: clicking its toggle shows its columns. */
  expandable?: boolean;
  expanded?: boolean;
  classification?: string[];
}
export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  label?: string;
}

const kindColours: Record<string, { fill: string; stroke: string }> = {
  source_system: { fill: "#eef2ff", stroke: "#6366f1" },
  dataset: { fill: "#eef2ff", stroke: "#6366f1" },
  column: { fill: "#f8fafc", stroke: "#64748b" },
  standardized_field: { fill: "#ecfeff", stroke: "#0891b2" },
  golden_attribute: { fill: "#fefce8", stroke: "#ca8a04" },
  export: { fill: "#f0fdf4", stroke: "#16a34a" },
  segment: { fill: "#f0fdf4", stroke: "#16a34a" },
  dashboard: { fill: "#f0fdf4", stroke: "#16a34a" },
  job: { fill: "#fdf4ff", stroke: "#a21caf" },
};

const NODE_HEIGHT = 44;

const MAX_NODE_WIDTH = 260;
/** Characters of the bold first line that fit the widest box (about 7.2 px each, 36 px of padding and badge). */
const MAX_LABEL_CHARS = Math.floor((MAX_NODE_WIDTH - 36) / 7.2);

/** The first line as drawn: the label, then its classification; cut to fit the box, so nothing spills past it. */
function displayLabel(node: GraphNode): string {
  const full = `${node.label}${node.classification?.length ? ` · ${node.classification.join(", ")}` : ""}`;
  return full.length > MAX_LABEL_CHARS ? `${full.slice(0, MAX_LABEL_CHARS - 1)}…` : full;
}

function nodeWidth(node: GraphNode) {
  return Math.min(
    MAX_NODE_WIDTH,
    Math.max(120, Math.max(displayLabel(node).length, (node.sublabel ?? "").length * 0.85) * 7.2 + 36),
  );
}

export function LineageGraph({
  nodes,
  edges,
  selectedId,
  highlighted,
  onSelect,
  onToggle,
}: {
  nodes: GraphNode[];
  edges: GraphEdge[];
  selectedId: string | null;
  /** Nodes to emphasise (the impact of the selection); the rest are dimmed. */
  highlighted: Set<string> | null;
  onSelect: (id: string) => void;
  onToggle: (id: string) => void;
}) {
  const [zoom, setZoom] = useState(1);
  const laid = useMemo(() => {
    const g = new graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: "LR", nodesep: 14, ranksep: 90, edgesep: 8, marginx: 16, marginy: 16 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const node of nodes) g.setNode(node.id, { width: nodeWidth(node), height: NODE_HEIGHT });
    for (const edge of edges) if (edge.from !== edge.to) g.setEdge(edge.from, edge.to, {}, edge.id);
    layout(g);
    const graph = g.graph();
    return {
      width: graph.width ?? 0,
      height: graph.height ?? 0,
      nodes: nodes.map((n) => ({ node: n, box: g.node(n.id) })),
      edges: edges
        .filter((e) => e.from !== e.to)
        .map((e) => ({
          edge: e,
          points: (g.edge({ v: e.from, w: e.to, name: e.id })?.points ?? []) as { x: number; y: number }[],
        })),
    };
  }, [nodes, edges]);

  return (
    <div className="relative rounded-xl border border-slate-200 bg-white">
      <div className="absolute top-2 right-2 z-10 flex gap-1">
        <button
          type="button"
          aria-label="Zoom out"
          onClick={() => setZoom((z) => Math.max(0.3, z / 1.25))}
          className="rounded border border-slate-300 bg-white px-2"
        >
          −
        </button>
        <button
          type="button"
          aria-label="Zoom in"
          onClick={() => setZoom((z) => Math.min(2.5, z * 1.25))}
          className="rounded border border-slate-300 bg-white px-2"
        >
          +
        </button>
      </div>
      <div className="max-h-[70vh] overflow-auto">
        <svg
          role="img"
          aria-label={`Lineage graph with ${nodes.length} assets and ${edges.length} edges`}
          data-testid="lineage-graph"
          width={laid.width * zoom}
          height={laid.height * zoom}
          viewBox={`0 0 ${laid.width} ${laid.height}`}
        >
          <defs>
            <marker
              id="lineage-arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" fill="#94a3b8" />
            </marker>
          </defs>
          {laid.edges.map(({ edge, points }) => {
            const dim = highlighted && !(highlighted.has(edge.from) && highlighted.has(edge.to));
            const d = points
              .map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`)
              .join(" ");
            return (
              <path
                key={edge.id}
                d={d}
                data-testid="lineage-edge"
                data-from={edge.from}
                data-to={edge.to}
                fill="none"
                stroke={dim ? "#e2e8f0" : "#94a3b8"}
                strokeWidth={1.4}
                markerEnd="url(#lineage-arrow)"
              >
                {edge.label && <title>{edge.label}</title>}
              </path>
            );
          })}
          {laid.nodes.map(({ node, box }) => {
            if (!box) return null;
            const colours = kindColours[node.kind] ?? kindColours.column!;
            const selected = node.id === selectedId;
            const dim = highlighted && !highlighted.has(node.id);
            return (
              <g
                key={node.id}
                transform={`translate(${box.x - box.width / 2},${box.y - box.height / 2})`}
                opacity={dim ? 0.35 : 1}
                data-testid="lineage-node"
                data-qualified-name={node.sublabel}
                role="button"
                tabIndex={0}
                aria-label={`${node.kind.replace("_", " ")} ${node.sublabel ?? node.label}`}
                onClick={() => onSelect(node.id)}
                onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && onSelect(node.id)}
                className="cursor-pointer"
              >
                <rect
                  width={box.width}
                  height={box.height}
                  rx={8}
                  fill={colours.fill}
                  stroke={selected ? "#0f172a" : colours.stroke}
                  strokeWidth={selected ? 2.5 : 1.2}
                />
                <text x={10} y={18} fontSize={12} fontWeight={600} fill="#0f172a">
                  {displayLabel(node)}
                </text>
                <text x={10} y={34} fontSize={10} fill="#475569">
                  {(node.sublabel ?? "").length > 38 ? `…${(node.sublabel ?? "").slice(-37)}` : node.sublabel}
                </text>
                {node.expandable && (
                  <g
                    role="button"
                    aria-label={`${node.expanded ? "Collapse" : "Expand"} ${node.label}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      onToggle(node.id);
                    }}
                  >
                    <rect
                      x={box.width - 24}
                      y={12}
                      width={18}
                      height={18}
                      rx={4}
                      fill="#fff"
                      stroke={colours.stroke}
                    />
                    <text x={box.width - 15} y={25} fontSize={13} textAnchor="middle" fill="#0f172a">
                      {node.expanded ? "−" : "+"}
                    </text>
                  </g>
                )}
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
}
