import { escapeToken, getAtPath, isObject, parsePointer, unescapeToken, type SchemaIR } from '@apilife/contract';

/**
 * Where things are written. A place's pointer is the path from its operation or message down to the
 * value, read through local `$ref`s as if they were inlined (`…/schema/properties/id` through
 * `schema: {$ref: Pet}`), so it names the spot in that operation's terms and a reader can follow it.
 *
 * The IR forgets how a schema was spelled (`oneOf` or a type list, a property of the schema or of
 * one of its `allOf` parts). So the comparison writes the path in IR terms (a marker for "alternative
 * 2 of this union", "part 1 of this intersection"), which costs a string per step, and
 * `documentPointer` turns it into the document's terms only for the few places a change is reported.
 */

const MARK = '\u0000';

/** The path step to alternative `i` of a union. */
export const variantStep = (union: Extract<SchemaIR, { kind: 'union' }>, i: number): string =>
  `${MARK}variant:${union.exclusive ? 'oneOf' : 'anyOf'}:${i}:${union.variants.length}`;

/** The path step to part `i` of an intersection of `parts`. */
export const partStep = (parts: number, i: number): string => `${MARK}part:${i}:${parts}`;

/** The pointer as `doc` writes it: IR steps named (`oneOf/1`, `allOf/0`, or none for a type list), and properties found in the `allOf`/`oneOf`/`anyOf` member that holds them. */
export function documentPointer(doc: unknown, pointer: string): string {
  return walk(doc, pointer)
    .path.map((t) => `/${escapeToken(t)}`)
    .join('');
}

/** The value written at an IR-terms pointer, as the document has it (a `$ref` left as written); undefined where nothing is written. */
export function writtenAt(doc: unknown, pointer: string): unknown {
  return walk(doc, pointer).value;
}

function walk(doc: unknown, pointer: string): { path: string[]; value: unknown } {
  const tokens = pointer === '' ? [] : pointer.slice(1).split('/').map(unescapeToken);
  const out: string[] = [];
  let node = doc;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    if (token.startsWith(MARK)) {
      const step = irStep(doc, followRefs(doc, node), token);
      if (step) {
        out.push(...step.path);
        node = step.value;
      }
      continue;
    }
    const held = followRefs(doc, node, token);
    if (has(held, token)) {
      out.push(token);
      node = (held as Record<string, unknown>)[token];
      continue;
    }
    // A property of an allOf part, the items of a nullable oneOf …: the member that holds it.
    const next = tokens[k + 1];
    const found = memberWith(
      doc,
      held,
      token,
      token === 'properties' && next !== undefined && !next.startsWith(MARK) ? next : undefined,
      0,
    );
    if (found) {
      out.push(...found.path, token);
      node = found.value;
      continue;
    }
    // Not written (a schema left out is any): the rest as the comparison named it.
    out.push(...tokens.slice(k).filter((t) => !t.startsWith(MARK)));
    return { path: out, value: undefined };
  }
  return { path: out, value: node };
}

function irStep(doc: unknown, node: unknown, token: string): { path: string[]; value: unknown } | undefined {
  if (!isObject(node)) return undefined;
  const [kind, a, b, c] = token.slice(1).split(':');
  if (kind === 'variant') {
    const list = node[a!];
    const i = Number(b);
    const count = Number(c);
    if (!Array.isArray(list)) return undefined; // a type list or nullable: the schema itself
    // `oneOf: [A, B, {type: 'null'}]` is compared as the nullable union of A and B.
    const members = list.length === count ? list.map((_, j) => j) : list.flatMap((member, j) => (isNullSchema(doc, member) ? [] : [j]));
    const j = members.length === count ? members[i] : undefined;
    return j === undefined ? undefined : { path: [a!, String(j)], value: list[j] };
  }
  // The IR lists a schema's parts as: its `$ref`, its own typed part, each `allOf` member, the
  // `oneOf` union, the `anyOf` union, `not`; all but the allOf members and `not` are the schema itself.
  const i = Number(a);
  const parts = Number(b);
  const allOf = Array.isArray(node.allOf) ? node.allOf : [];
  const after = (Array.isArray(node.oneOf) ? 1 : 0) + (Array.isArray(node.anyOf) ? 1 : 0) + (node.not !== undefined ? 1 : 0);
  const leading = parts - allOf.length - after;
  if (i >= leading && i < leading + allOf.length) return { path: ['allOf', String(i - leading)], value: allOf[i - leading] };
  if (node.not !== undefined && i === parts - 1) return { path: ['not'], value: node.not };
  return undefined;
}

const COMPOSITIONS = ['allOf', 'oneOf', 'anyOf'] as const;

/** The first composition member (at any depth) that has `token` (and, for `properties`, that property). */
function memberWith(
  doc: unknown,
  node: unknown,
  token: string,
  property: string | undefined,
  depth: number,
): { path: string[]; value: unknown } | undefined {
  if (depth > 8 || !isObject(node)) return undefined;
  for (const keyword of COMPOSITIONS) {
    const members = node[keyword];
    if (!Array.isArray(members)) continue;
    for (let j = 0; j < members.length; j++) {
      const member = followRefs(doc, members[j], token);
      if (has(member, token) && (property === undefined || has(followRefs(doc, (member as Record<string, unknown>)[token]), property))) {
        return { path: [keyword, String(j)], value: (member as Record<string, unknown>)[token] };
      }
      const deeper = memberWith(doc, member, token, property, depth + 1);
      if (deeper) return { path: [keyword, String(j), ...deeper.path], value: deeper.value };
    }
  }
  return undefined;
}

const has = (node: unknown, token: string): boolean =>
  Array.isArray(node) ? /^(0|[1-9][0-9]*)$/.test(token) && Number(token) < node.length : isObject(node) && Object.hasOwn(node, token);

/** Follows local `$ref`s, unless the path goes on into a key written beside the `$ref`. */
export function followRefs(doc: unknown, node: unknown, next?: string): unknown {
  for (
    let hops = 0;
    hops < 32 &&
    isObject(node) &&
    typeof node.$ref === 'string' &&
    node.$ref.startsWith('#') &&
    (next === undefined || !Object.hasOwn(node, next));
    hops++
  ) {
    try {
      node = getAtPath(doc, parsePointer(node.$ref));
    } catch {
      return undefined;
    }
  }
  return node;
}

const LOCATIONS = new WeakMap<object, WeakMap<object, string>>();

/**
 * Where an object of `doc` (a node reached through `$ref`s, as `writtenAt` and `followRefs` give it)
 * is written: its JSON pointer in the document (the components schema, not the operation that
 * reaches it). The first pointer of every object is indexed once per document.
 */
export function locate(doc: unknown, node: unknown): string | undefined {
  if (!isObject(doc) || (!isObject(node) && !Array.isArray(node))) return undefined;
  let index = LOCATIONS.get(doc);
  if (!index) {
    index = new WeakMap();
    const stack: [unknown, string][] = [[doc, '']];
    while (stack.length > 0) {
      const [value, pointer] = stack.pop()!;
      if ((!isObject(value) && !Array.isArray(value)) || index.has(value)) continue;
      index.set(value, pointer);
      for (const [key, child] of Object.entries(value)) stack.push([child, `${pointer}/${escapeToken(key)}`]);
    }
    LOCATIONS.set(doc, index);
  }
  return index.get(node);
}

function isNullSchema(doc: unknown, member: unknown): boolean {
  const node = followRefs(doc, member);
  return isObject(node) && (node.type === 'null' || (Array.isArray(node.enum) && node.enum.length === 1 && node.enum[0] === null));
}
