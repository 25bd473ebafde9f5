// A small relationship graph: nodes laid out by dagre, drawn as plain SVG with links, readable without a mouse.
import dagre from "@dagrejs/dagre";

export interface GraphNode {
  id: string;
  label: string;
  /** "self" is the profile the page is about. */
  kind: "self" | "profile" | "account";
  href?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  label: string;
}

const NODE_WIDTH = 150;
const NODE_HEIGHT = 40;

interface Placed extends GraphNode {
  x: number;
  y: number;
}

/** Pure layout (dagre): the same nodes and edges always give the same picture. */
export function layoutGraph(nodes: readonly GraphNode[], edges: readonly GraphEdge[]) {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 18, ranksep: 90, marginx: 8, marginy: 8 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of edges) graph.setEdge(edge.from, edge.to, { label: edge.label, width: 80, height: 14 });
  dagre.layout(graph);
  const placed: Placed[] = nodes.map((node) => {
    const at = graph.node(node.id) as { x: number; y: number };
    return { ...node, x: at.x, y: at.y };
  });
  const lines = edges.map((edge) => {
    const points = (graph.edge(edge.from, edge.to) as { points?: { x: number; y: number }[] }).points ?? [];
    return { ...edge, points: points.map((p) => ({ x: p.x, y: p.y })) };
  });
  const size = graph.graph() as { width?: number; height?: number };
  return { nodes: placed, edges: lines, width: size.width ?? NODE_WIDTH, height: size.height ?? NODE_HEIGHT };
}

const fills = { self: "#1d5fd6", profile: "#eef6ff", account: "#f1f5f9" } as const;

export function RelationshipGraph({
  nodes,
  edges,
  title,
}: {
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
  title: string;
}) {
  const layout = layoutGraph(nodes, edges);
  return (
    <svg
      role="group"
      aria-label={title}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width="100%"
      style={{ maxWidth: layout.width, maxHeight: 360 }}
      className="font-sans"
    >
      {layout.edges.map((edge) => {
        const d = edge.points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x},${p.y}`).join(" ");
        const mid = edge.points[Math.floor(edge.points.length / 2)];
        return (
          <g key={`${edge.from}-${edge.to}`} aria-hidden="true">
            <path d={d} fill="none" stroke="#94a3b8" strokeWidth={1.5} />
            {mid && (
              <text x={mid.x} y={mid.y - 4} textAnchor="middle" fontSize={11} fill="#475569">
                {edge.label}
              </text>
            )}
          </g>
        );
      })}
      {layout.nodes.map((node) => {
        const box = (
          <>
            <rect
              x={node.x - NODE_WIDTH / 2}
              y={node.y - NODE_HEIGHT / 2}
              width={NODE_WIDTH}
              height={NODE_HEIGHT}
              rx={node.kind === "account" ? 2 : 10}
              fill={fills[node.kind]}
              stroke={node.kind === "self" ? "#0f2f6b" : "#94a3b8"}
            />
            <text
              x={node.x}
              y={node.y + 4}
              textAnchor="middle"
              fontSize={12}
              fill={node.kind === "self" ? "#ffffff" : "#0f172a"}
            >
              {node.label.length > 22 ? `${node.label.slice(0, 21)}…` : node.label}
            </text>
          </>
        );
        return node.href ? (
          <a key={node.id} href={node.href} aria-label={`Open ${node.label}`}>
            {box}
          </a>
        ) : (
          <g key={node.id} aria-label={node.label}>
            {box}
          </g>
        );
      })}
    </svg>
  );
}
