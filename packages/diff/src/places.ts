import { getAtPath, isObject, parsePointer, unescapeToken, type SchemaIR } from '@apilife/spec';
import { child } from './report.ts';

/**
 * Where things are written. A place's pointer is the path from its operation or message down to the
 * value, read through local `$ref`s as if they were inlined (`…/schema/properties/id` through
 * `schema: {$ref: Pet}`), so it names the spot in that operation's terms and a reader can follow
 * it. The IR forgets how a schema was spelled (`oneOf` or a type list, a property of the schema or of
 * one of its `allOf` parts), so these functions look at the document to name the member the way
 * the contract writes it.
 */

/** The value at `pointer` in `doc`, following a local `$ref` wherever the path goes on past it. */
export function valueAt(doc: unknown, pointer: string): unknown {
  if (!isObject(doc)) return undefined;
  let memo = MEMO.get(doc);
  if (!memo) MEMO.set(doc, (memo = new Map()));
  return deref(doc, rawAt(doc, pointer, memo));
}

/**
 * Places are looked up for every property compared, each one step below one looked up before, so
 * each document keeps what its pointers hold: a lookup is one step from its parent's.
 */
const MEMO = new WeakMap<object, Map<string, unknown>>();

function rawAt(doc: Record<string, unknown>, pointer: string, memo: Map<string, unknown>): unknown {
  if (pointer === '') return doc;
  if (memo.has(pointer)) return memo.get(pointer);
  const cut = pointer.lastIndexOf('/');
  let node: unknown;
  if (cut >= 0) {
    const token = unescapeToken(pointer.slice(cut + 1));
    const parent = rawAt(doc, pointer.slice(0, cut), memo);
    const holder = parent === undefined ? undefined : deref(doc, parent, token);
    if (Array.isArray(holder)) node = /^(0|[1-9][0-9]*)$/.test(token) ? holder[Number(token)] : undefined;
    else node = isObject(holder) && Object.hasOwn(holder, token) ? holder[token] : undefined;
  }
  memo.set(pointer, node);
  return node;
}

function deref(doc: unknown, node: unknown, next?: string): unknown {
  for (let hops = 0; hops < 32 && isObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#') && (next === undefined || !Object.hasOwn(node, next)); hops++) {
    try {
      node = getAtPath(doc, parsePointer(node.$ref));
    } catch {
      return undefined;
    }
  }
  return node;
}

const COMPOSITIONS = ['allOf', 'oneOf', 'anyOf'] as const;

/**
 * The pointer of `tokens` under the schema at `pointer`: on the schema itself when written there,
 * else in the first `allOf`/`oneOf`/`anyOf` member (at any depth) that has it — a property of an
 * `allOf` part, the items of a nullable `oneOf: [{type: array …}, {type: 'null'}]`.
 */
export function memberPointer(doc: unknown, pointer: string, ...tokens: string[]): string {
  const direct = tokens.reduce(child, pointer);
  return valueAt(doc, direct) !== undefined ? direct : (search(doc, pointer, tokens, 0) ?? direct);
}

function search(doc: unknown, pointer: string, tokens: string[], depth: number): string | undefined {
  const node = valueAt(doc, pointer);
  if (depth > 8 || !isObject(node)) return undefined;
  for (const keyword of COMPOSITIONS) {
    const members = node[keyword];
    if (!Array.isArray(members)) continue;
    for (let i = 0; i < members.length; i++) {
      const at = child(child(pointer, keyword), i);
      const direct = tokens.reduce(child, at);
      if (valueAt(doc, direct) !== undefined) return direct;
      const deeper = search(doc, at, tokens, depth + 1);
      if (deeper) return deeper;
    }
  }
  return undefined;
}

/**
 * Where alternative `i` of a union is written: `oneOf/i` or `anyOf/i`, or the schema itself when
 * the union is a type list (`type: [string, integer]`) or `nullable`.
 */
export function variantPointer(doc: unknown, pointer: string, union: Extract<SchemaIR, { kind: 'union' }>, i: number): string {
  const node = valueAt(doc, pointer);
  if (!isObject(node)) return pointer;
  const keyword = union.exclusive ? 'oneOf' : 'anyOf';
  const list = node[keyword];
  if (!Array.isArray(list)) return pointer;
  // `oneOf: [A, B, {type: 'null'}]` is compared as the nullable union of A and B.
  const members = list.length === union.variants.length ? list.map((_, j) => j) : list.flatMap((member, j) => (isNullSchema(doc, member) ? [] : [j]));
  return members.length === union.variants.length ? child(child(pointer, keyword), members[i]!) : pointer;
}

function isNullSchema(doc: unknown, member: unknown): boolean {
  const node = deref(doc, member);
  return isObject(node) && (node.type === 'null' || (Array.isArray(node.enum) && node.enum.length === 1 && node.enum[0] === null));
}

/**
 * Where part `i` of an intersection is written. The IR lists a schema's parts as: its `$ref`, its
 * own typed part, each `allOf` member, the `oneOf` union, the `anyOf` union, `not`; all but the
 * `allOf` members and `not` are the schema itself.
 */
export function partPointer(doc: unknown, pointer: string, parts: number, i: number): string {
  const node = valueAt(doc, pointer);
  if (!isObject(node)) return pointer;
  const allOf = Array.isArray(node.allOf) ? node.allOf.length : 0;
  const after = (Array.isArray(node.oneOf) ? 1 : 0) + (Array.isArray(node.anyOf) ? 1 : 0) + (node.not !== undefined ? 1 : 0);
  const leading = parts - allOf - after;
  if (i >= leading && i < leading + allOf) return child(child(pointer, 'allOf'), i - leading);
  if (node.not !== undefined && i === parts - 1) return child(pointer, 'not');
  return pointer;
}
