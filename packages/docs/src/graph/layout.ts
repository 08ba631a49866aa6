import type { GraphEdge, InteractionGraph } from './model.ts';

/** A node's box, top-left corner and size, in the drawing's user units. */
export interface NodeBox {
  id: string;
  /** The label as drawn: long names are cut with `…` (the full name is in the node's title). */
  text: string;
  layer: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An edge as drawn: a quadratic curve from border to border, and its numbered label. */
export interface EdgeRoute {
  /** Index of the edge in `graph.edges`; the label shows `index + 1`. */
  index: number;
  /** Start, control point and end of the curve. */
  points: [Point, Point, Point];
  label: Box & { text: string };
}

export interface Point {
  x: number;
  y: number;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphLayout {
  /** `minX minY width height` of the drawing. */
  viewBox: [number, number, number, number];
  nodes: NodeBox[];
  edges: EdgeRoute[];
}

const NODE_HEIGHT = 40;
const LAYER_GAP = 170;
const NODE_GAP = 140;
const PARALLEL_GAP = 32;
const SAME_LAYER_BOW = 48;
const MAX_LABEL = 30;
/** Rough text widths of the system font at 13 px (node names) and 12 px (edge labels). */
const CHAR_WIDTH = 7.6;
const LABEL_CHAR_WIDTH = 6.8;

/**
 * A layered drawing, computed here and the same for the same graph: layers by the longest path of
 * HTTP calls (requests flow downwards: clients, gateway, services), nodes reached only by messages
 * below their senders, and sources pulled down next to what they call; the order in each layer by
 * a few barycentre sweeps; each edge a curve, parallel edges fanned out, bent around the nodes in
 * its way; each label put where it covers no node and no other label when such a place exists.
 */
export function layoutGraph(graph: InteractionGraph): GraphLayout {
  const layers = orderLayers(graph, assignLayers(graph));
  const nodes = placeNodes(graph, layers);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const rank = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const routes = routeEdges(graph.edges, byId, rank, nodes);
  return { viewBox: bounds(nodes, routes), nodes, edges: routes };
}

function assignLayers(graph: InteractionGraph): Map<string, number> {
  const forward = graph.edges.filter((e) => !e.reply && e.from !== e.to);
  const http = forward.filter((e) => e.transport === 'http');
  const layer = new Map<string, number>();
  const inHttp = new Set(http.flatMap((e) => [e.from, e.to]));
  const visiting = new Set<string>();
  const depth = (id: string): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return -1; // a cycle of calls: this edge does not push the layer down
    visiting.add(id);
    const value = Math.max(-1, ...http.filter((e) => e.to === id).map((e) => depth(e.from))) + 1;
    visiting.delete(id);
    layer.set(id, value);
    return value;
  };
  for (const node of graph.nodes) if (inHttp.has(node.id)) depth(node.id);
  // Nodes only messages reach: below their senders, else above their receivers, else on top.
  for (let round = 0; round < graph.nodes.length; round++) {
    for (const node of graph.nodes) {
      if (layer.has(node.id)) continue;
      const senders = forward.filter((e) => e.to === node.id && layer.has(e.from)).map((e) => layer.get(e.from)!);
      const receivers = forward.filter((e) => e.from === node.id && layer.has(e.to)).map((e) => layer.get(e.to)!);
      if (senders.length > 0) layer.set(node.id, Math.max(...senders) + 1);
      else if (receivers.length > 0) layer.set(node.id, Math.max(0, Math.min(...receivers) - 1));
    }
  }
  // A node without edges (a service whose contracts could not be read) goes to the bottom.
  const bottom = Math.max(0, ...layer.values());
  for (const node of graph.nodes) if (!layer.has(node.id)) layer.set(node.id, bottom);
  // A source sits just above the nearest of what it calls.
  for (const node of graph.nodes) {
    if (forward.some((e) => e.to === node.id)) continue;
    const targets = forward.filter((e) => e.from === node.id).map((e) => layer.get(e.to)!);
    if (targets.length > 0) layer.set(node.id, Math.max(layer.get(node.id)!, Math.min(...targets) - 1));
  }
  // No empty layer.
  const used = [...new Set(layer.values())].sort((a, b) => a - b);
  return new Map([...layer].map(([id, l]) => [id, used.indexOf(l)]));
}

function orderLayers(graph: InteractionGraph, layer: Map<string, number>): string[][] {
  const count = Math.max(0, ...layer.values()) + 1;
  const layers: string[][] = Array.from({ length: count }, () => []);
  for (const node of graph.nodes) layers[layer.get(node.id)!]!.push(node.id);
  const neighbours = new Map(graph.nodes.map((n) => [n.id, [] as string[]]));
  for (const e of graph.edges) {
    neighbours.get(e.from)?.push(e.to);
    neighbours.get(e.to)?.push(e.from);
  }
  const position = () => {
    const at = new Map<string, number>();
    for (const ids of layers) ids.forEach((id, i) => at.set(id, i - (ids.length - 1) / 2));
    return at;
  };
  for (let sweep = 0; sweep < 8; sweep++) {
    const down = sweep % 2 === 0;
    for (let step = 1; step < count; step++) {
      const l = down ? step : count - 1 - step;
      const at = position();
      const ids = layers[l]!;
      const centre = (id: string): number => {
        const near = neighbours.get(id)!.filter((n) => (down ? layer.get(n)! < l : layer.get(n)! > l));
        return near.length === 0 ? at.get(id)! : near.reduce((sum, n) => sum + at.get(n)!, 0) / near.length;
      };
      const keyed = ids.map((id, i) => ({ id, i, c: centre(id) }));
      keyed.sort((a, b) => a.c - b.c || a.i - b.i);
      layers[l] = keyed.map((k) => k.id);
    }
  }
  return layers;
}

function placeNodes(graph: InteractionGraph, layers: string[][]): NodeBox[] {
  const label = new Map(graph.nodes.map((n) => [n.id, n.label]));
  return layers.flatMap((ids, l) => {
    const boxes = ids.map((id) => {
      const full = label.get(id)!;
      const text = full.length > MAX_LABEL ? `${full.slice(0, MAX_LABEL - 1)}…` : full;
      return {
        id,
        text,
        layer: l,
        x: 0,
        y: l * LAYER_GAP,
        width: Math.round(Math.max(110, text.length * CHAR_WIDTH + 32)),
        height: NODE_HEIGHT,
      };
    });
    const total = boxes.reduce((sum, b) => sum + b.width, 0) + NODE_GAP * (boxes.length - 1);
    let x = -total / 2;
    for (const box of boxes) {
      box.x = Math.round(x);
      x += box.width + NODE_GAP;
    }
    return boxes;
  });
}

function routeEdges(edges: GraphEdge[], byId: Map<string, NodeBox>, rank: Map<string, number>, nodes: NodeBox[]): EdgeRoute[] {
  const groups = new Map<string, number[]>();
  edges.forEach((e, i) => {
    const key = [e.from, e.to].sort((a, b) => rank.get(a)! - rank.get(b)!).join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const labels: Box[] = [];
  const routes: EdgeRoute[] = [];
  for (const [index, edge] of edges.entries()) {
    const a = byId.get(edge.from)!;
    const b = byId.get(edge.to)!;
    const group = groups.get([edge.from, edge.to].sort((x, y) => rank.get(x)! - rank.get(y)!).join('\u0000'))!;
    // The fan-out is measured in the frame of the pair's first node, so both directions share it.
    const [first, second] = rank.get(a.id)! <= rank.get(b.id)! ? [a, b] : [b, a];
    const p = centre(first);
    const q = centre(second);
    const length = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    const normal = { x: -(q.y - p.y) / length, y: (q.x - p.x) / length };
    const base = (group.indexOf(index) - (group.length - 1) / 2) * PARALLEL_GAP + (a.layer === b.layer ? SAME_LAYER_BOW : 0);
    const others = nodes.filter((n) => n.id !== a.id && n.id !== b.id);
    const curveAt = (offset: number): [Point, Point, Point] => {
      const control = { x: (p.x + q.x) / 2 + normal.x * 2 * offset, y: (p.y + q.y) / 2 + normal.y * 2 * offset };
      return [centre(a), control, centre(b)];
    };
    let curve = curveAt(base);
    for (const shift of [0, 30, -30, 60, -60, 90, -90, 130, -130, 180, -180]) {
      const candidate = curveAt(base + shift);
      if (!samples(candidate, 0.05, 0.95, 30).some((pt) => others.some((n) => inside(pt, n, 10)))) {
        curve = candidate;
        break;
      }
    }
    const points = clip(curve, a, b);
    const text = `${index + 1}${edge.pattern ? ` · ${edge.pattern}` : ''}`;
    routes.push({ index, points, label: { ...placeLabel(points, text, nodes, labels), text } });
  }
  return routes;
}

/** The part of the curve between the borders of its nodes (a little off the target's, for the arrowhead). */
function clip(curve: [Point, Point, Point], from: NodeBox, to: NodeBox): [Point, Point, Point] {
  let t0 = 0;
  while (t0 < 0.5 && inside(at(curve, t0), from, 2)) t0 += 0.005;
  let t1 = 1;
  while (t1 > 0.5 && inside(at(curve, t1), to, 3)) t1 -= 0.005;
  const [p0, p1, p2] = curve;
  const w0 = (1 - t0) * (1 - t1);
  const w1 = t0 * (1 - t1) + (1 - t0) * t1;
  const w2 = t0 * t1;
  const control = { x: w0 * p0.x + w1 * p1.x + w2 * p2.x, y: w0 * p0.y + w1 * p1.y + w2 * p2.y };
  return [round(at(curve, t0)), round(control), round(at(curve, t1))];
}

function placeLabel(points: [Point, Point, Point], text: string, nodes: NodeBox[], placed: Box[]): Box {
  const width = Math.round(text.length * LABEL_CHAR_WIDTH + 12);
  const height = 18;
  const boxAt = (t: number): Box => {
    const c = at(points, t);
    return { x: Math.round(c.x - width / 2), y: Math.round(c.y - height / 2), width, height };
  };
  const spots = [0.5, 0.4, 0.6, 0.3, 0.7, 0.35, 0.65, 0.25, 0.75, 0.2, 0.8, 0.45, 0.55, 0.15, 0.85].map(boxAt);
  const clearOfNodes = spots.filter((s) => !nodes.some((n) => overlaps(s, n, 3)));
  const chosen = clearOfNodes.find((s) => !placed.some((l) => overlaps(s, l, 2))) ?? clearOfNodes[0] ?? spots[0]!;
  placed.push(chosen);
  return chosen;
}

function bounds(nodes: NodeBox[], routes: EdgeRoute[]): [number, number, number, number] {
  const boxes: Box[] = [...nodes, ...routes.map((r) => r.label)];
  const points = [
    ...boxes.flatMap((b) => [
      { x: b.x, y: b.y },
      { x: b.x + b.width, y: b.y + b.height },
    ]),
    ...routes.flatMap((r) => samples(r.points, 0, 1, 20)),
  ];
  const margin = 16;
  const minX = Math.floor(Math.min(...points.map((p) => p.x)) - margin);
  const minY = Math.floor(Math.min(...points.map((p) => p.y)) - margin);
  const maxX = Math.ceil(Math.max(...points.map((p) => p.x)) + margin);
  const maxY = Math.ceil(Math.max(...points.map((p) => p.y)) + margin);
  return nodes.length === 0 ? [0, 0, 200, 60] : [minX, minY, maxX - minX, maxY - minY];
}

const centre = (n: NodeBox): Point => ({ x: n.x + n.width / 2, y: n.y + n.height / 2 });

function at([p0, p1, p2]: [Point, Point, Point], t: number): Point {
  const u = 1 - t;
  return { x: u * u * p0.x + 2 * u * t * p1.x + t * t * p2.x, y: u * u * p0.y + 2 * u * t * p1.y + t * t * p2.y };
}

function samples(curve: [Point, Point, Point], from: number, to: number, count: number): Point[] {
  return Array.from({ length: count + 1 }, (_, i) => at(curve, from + ((to - from) * i) / count));
}

const inside = (p: Point, b: Box, pad: number) =>
  p.x >= b.x - pad && p.x <= b.x + b.width + pad && p.y >= b.y - pad && p.y <= b.y + b.height + pad;

const overlaps = (a: Box, b: Box, pad: number) =>
  a.x < b.x + b.width + pad && b.x < a.x + a.width + pad && a.y < b.y + b.height + pad && b.y < a.y + a.height + pad;

const round = (p: Point): Point => ({ x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 });
