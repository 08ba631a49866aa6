/**
 * How many ways a backtracking engine can match a text, read off the product of a pattern's
 * automaton with itself (the EDA/IDA criteria of Weber and Seidl, as ReDoS checkers use them):
 * - exponential when two different paths lead from a place back to itself over the same text
 *   (a strongly connected part of the product holds a "same place" pair and a split);
 * - polynomial when two different places can each loop over the same text and one can pass to
 *   the other (a "different places" pair on a cycle, between two "same place" pairs);
 * - linear otherwise.
 * A failing input makes the engine try every way, so this is its worst-case time.
 */
import type { Automaton } from './automaton.ts';
import { TooLarge } from './automaton.ts';
import { intersects } from './char-set.ts';

/** Worst-case time of a backtracking engine, as a function of the input's length. */
export type Complexity = 'linear' | 'polynomial' | 'exponential';

/** A verdict, and the two positions (automaton ids) whose overlap causes it. */
export interface Ambiguity {
  complexity: Complexity;
  witness?: { outer: number[]; a: number; b: number };
}

/** Product states are unordered pairs (p ≤ q), numbered p * n + q. */
export function ambiguity(automaton: Automaton, maxStates: number): Ambiguity {
  const n = automaton.positions.length;
  const edges = automaton.next.map((targets) => [...targets].flatMap(([to, count]) => Array.from({ length: count }, () => to)));
  const ids = new Map<number, number>();
  const pairs: [number, number][] = [];
  const from: number[] = [];
  const to: number[] = [];
  const splits: boolean[] = [];
  const state = (p: number, q: number): number => {
    const key = p <= q ? p * n + q : q * n + p;
    let id = ids.get(key);
    if (id === undefined) {
      if (pairs.length >= maxStates) throw new TooLarge(`more than ${maxStates} product states`);
      id = pairs.length;
      ids.set(key, id);
      pairs.push(p <= q ? [p, q] : [q, p]);
    }
    return id;
  };
  const final = (p: number) => automaton.finals.has(p);
  state(0, 0);
  for (let s = 0; s < pairs.length; s++) {
    const [p, q] = pairs[s]!;
    const ep = edges[p]!;
    const eq = edges[q]!;
    for (let i = 0; i < ep.length; i++) {
      for (let j = p === q ? i : 0; j < eq.length; j++) {
        const x = ep[i]!;
        const y = eq[j]!;
        if (!intersects(automaton.positions[x]!.set, automaton.positions[y]!.set)) continue;
        const target = state(x, y);
        // Blow-ups only count among runs that avoid positions where the match may end: the
        // engine explores what comes after such a position only until its first success.
        if (final(p) || final(q) || final(x) || final(y)) continue;
        from.push(s);
        to.push(target);
        // Two different edges taken from the same pair: the paths split here.
        splits.push(p !== q || i !== j);
      }
    }
  }
  const scc = components(pairs.length, from, to);
  const cyclic = new Set<number>();
  for (let e = 0; e < from.length; e++) if (scc.of[from[e]!] === scc.of[to[e]!]) cyclic.add(scc.of[from[e]!]!);
  // Exponential: a split inside a component that holds a "same place" pair.
  for (let e = 0; e < from.length; e++) {
    const c = scc.of[from[e]!]!;
    if (!splits[e] || c !== scc.of[to[e]!]) continue;
    const members = scc.members[c]!;
    const diagonal = members.find((m) => pairs[m]![0] === pairs[m]![1]);
    if (diagonal === undefined) continue;
    const [a, b] = pairs[to[e]!]!;
    return { complexity: 'exponential', witness: { outer: [...new Set(members.flatMap((m) => pairs[m]!))], a, b } };
  }
  return polynomial(pairs, from, to, scc, cyclic, n) ?? { complexity: 'linear' };
}

/** A "different places" pair on a cycle, reachable from a "same place" pair of its first place and reaching one of its second. */
function polynomial(
  pairs: [number, number][],
  from: number[],
  to: number[],
  scc: Components,
  cyclic: Set<number>,
  n: number,
): Ambiguity | undefined {
  const count = scc.members.length;
  const words = Math.ceil(n / 32);
  const reaches = Array.from({ length: count }, () => new Uint32Array(words));
  const reachedFrom = Array.from({ length: count }, () => new Uint32Array(words));
  const has = (bits: Uint32Array, p: number) => (bits[p >>> 5]! & (1 << (p & 31))) !== 0;
  for (let c = 0; c < count; c++) {
    for (const m of scc.members[c]!) {
      const [p, q] = pairs[m]!;
      if (p === q) {
        reaches[c]![p >>> 5]! |= 1 << (p & 31);
        reachedFrom[c]![p >>> 5]! |= 1 << (p & 31);
      }
    }
  }
  const out: number[][] = Array.from({ length: count }, () => []);
  for (let e = 0; e < from.length; e++) {
    const a = scc.of[from[e]!]!;
    const b = scc.of[to[e]!]!;
    if (a !== b) out[a]!.push(b);
  }
  // Components come out of Tarjan's algorithm sinks first.
  for (let c = 0; c < count; c++) for (const d of out[c]!) reaches[c]!.forEach((_, w) => (reaches[c]![w]! |= reaches[d]![w]!));
  for (let c = count - 1; c >= 0; c--)
    for (const d of out[c]!) reachedFrom[d]!.forEach((_, w) => (reachedFrom[d]![w]! |= reachedFrom[c]![w]!));
  for (const c of cyclic) {
    for (const m of scc.members[c]!) {
      const [p, q] = pairs[m]!;
      if (p === q) continue;
      if ((has(reachedFrom[c]!, p) && has(reaches[c]!, q)) || (has(reachedFrom[c]!, q) && has(reaches[c]!, p))) {
        return { complexity: 'polynomial', witness: { outer: [p, q], a: p, b: q } };
      }
    }
  }
  return undefined;
}

interface Components {
  /** Component of each state. */
  of: Int32Array;
  /** States of each component, sinks first. */
  members: number[][];
}

/** Tarjan's strongly connected components, without recursion. */
function components(size: number, from: number[], to: number[]): Components {
  const start = new Int32Array(size + 1);
  for (const f of from) start[f + 1]!++;
  for (let i = 0; i < size; i++) start[i + 1]! += start[i]!;
  const adjacency = new Int32Array(from.length);
  const fill = start.slice(0, size);
  for (let e = 0; e < from.length; e++) adjacency[fill[from[e]!]!++] = to[e]!;
  const index = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const of = new Int32Array(size).fill(-1);
  const onStack = new Uint8Array(size);
  const stack: number[] = [];
  const members: number[][] = [];
  let counter = 0;
  for (let root = 0; root < size; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, start[root]!]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const v = frame[0];
      if (frame[1] < start[v + 1]!) {
        const w = adjacency[frame[1]++]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, start[w]!]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const group: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          of[w] = members.length;
          group.push(w);
        } while (w !== v);
        members.push(group);
      }
    }
  }
  return { of, members };
}
