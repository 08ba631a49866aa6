import type { Change } from '@apilife/diff';
import { isObject, parsePointer } from '@apilife/contract';

/** The two (bundled) documents a change was found between, to name what its places point at. */
export interface ChangeDocuments {
  old: unknown;
  new: unknown;
}

/** Where a place is, as a reader names it: what holds the schema, and the property path inside it. */
interface Where {
  /** `the 200 response`, `the request body`, `query parameter \`limit\``, `message \`DeliveryCreated\``. */
  holder?: string;
  /** The operation or message object the place is under. */
  operation?: Record<string, unknown>;
  /** Inside a schema: the property path (`errors`, `[]`, `keyword`); undefined outside one. */
  path?: string[];
}

/**
 * A change in words for a changelog line: what changed and where, the way the contract's reader
 * names it (`property \`total\` of the 200 response became a string (was an integer)`), without
 * the JSON pointer `apilife diff` ends its schema messages with (that stays in the change's places).
 * Deprecations and retirements name the sunset and the successor the contract gives.
 * @example
 * describeChange(change, { old: before.document, new: after.document });
 */
export function describeChange(change: Change, docs: ChangeDocuments): string {
  const side = change.new ? 'new' : 'old';
  const where = locate(docs[side], change[side]?.pointer ?? '');
  const what = withoutPointer(change);
  const kind = change.id.replace(/^(request|response)-/, '');
  const text = where.path ? inSchema(kind, what, where.holder ?? 'the schema', where.path) : outsideSchema(change, kind, what, where, docs);
  // A parameter, property or enum value deprecated names its successor, as an operation does.
  const successor = change.deprecation?.successor;
  return successor !== undefined && change.id.endsWith('-deprecated') ? `${text}, use ${code(successor)} instead` : text;
}

/** The message without its ` at /paths/…` tail. */
function withoutPointer(change: Change): string {
  for (const pointer of [change.new?.pointer, change.old?.pointer]) {
    const tail = ` at ${pointer || '/'}`;
    if (pointer !== undefined && change.message.endsWith(tail)) return change.message.slice(0, -tail.length);
  }
  return change.message;
}

const code = (text: string) => `\`${text}\``;
const shown = (path: string[]) => path.reduce((out, step) => (step.startsWith('[') || out === '' ? out + step : `${out}.${step}`), '');

/** How a deprecated part went, as `apilife diff` ends its message: ` before its sunset 2027-06-30`, ` (deprecated, without a sunset)`. */
const SUNSET_NOTE = '( (?:before|on or after) its sunset \\S+| \\(deprecated, without a sunset\\))?';

/** Changes inside a schema: the property they concern, said in words. */
function inSchema(kind: string, what: string, holder: string, path: string[]): string {
  const target = (steps: string[], of = 'of') => (steps.length > 0 ? `property ${code(shown(steps))} ${of} ${holder}` : holder);
  const here = target(path);
  /** After `\`maxItems\` of`: `property \`errors\` in the 401 response`. */
  const within = target(path, 'in');
  let m: RegExpExecArray | null;
  if ((m = new RegExp(`^property (.+?) was (removed|added)( as required)?${SUNSET_NOTE}$`).exec(what))) {
    const property = code(shown([...path, m[1]!]));
    const optional = kind === 'optional-property-removed' || kind === 'property-added-optional';
    return `${m[3] ? 'required ' : optional ? 'optional ' : ''}property ${property} was ${m[2]} ${m[2] === 'removed' ? 'from' : 'to'} ${holder}${m[4] ?? ''}`;
  }
  if ((m = /^property (.+) (became required|became optional)$/.exec(what))) return `${target([...path, m[1]!])} ${m[2]}`;
  if ((m = /^property .+ (was deprecated|is no longer deprecated)(?: \(sunset (\S+)\))?$/.exec(what)))
    return `${here} ${m[1]}${m[2] ? `, sunset ${m[2]}` : ''}`;
  if ((m = /^value (.+) was deprecated(?: \(sunset (\S+)\))?$/.exec(what)))
    return `enum value ${code(literal(m[1]!))} of ${here} was deprecated${m[2] ? `, sunset ${m[2]}` : ''}`;
  if (kind.startsWith('type-') && (m = /^(.+) became (.+)$/.exec(what)))
    return `${here} became ${typeName(m[2]!)} (was ${typeName(m[1]!)})`;
  if ((m = new RegExp(`^value (.+?) was (removed|added)${SUNSET_NOTE}$`).exec(what)))
    return `enum value ${code(literal(m[1]!))} was ${m[2]} ${m[2] === 'removed' ? 'from' : 'to'} ${here}${m[3] ?? ''}`;
  if (kind === 'became-nullable') return `${here} may now be null`;
  if (kind === 'became-not-nullable') return `${here} may no longer be null`;
  if ((m = /^(format|pattern) (.+) was (added|removed)$/.exec(what)))
    return m[3] === 'added' ? `${here} now has ${m[1]} ${code(m[2]!)}` : `${here} no longer has ${m[1]} ${code(m[2]!)}`;
  if ((m = /^(format|pattern) (.+) became (.+)$/.exec(what))) return `the ${m[1]} of ${within} became ${code(m[3]!)} (was ${code(m[2]!)})`;
  if ((m = /^(\w+) (\S+) became (\S+)$/.exec(what)) && /^(min|max|multipleOf|exclusive)/.test(m[1]!)) {
    const [, bound, before, after] = m;
    if (before === 'none') return `${here} now has ${code(bound!)} ${after}`;
    if (after === 'none') return `${here} no longer has ${code(bound!)} (was ${before})`;
    return `${code(bound!)} of ${within} became ${after} (was ${before})`;
  }
  if ((m = /now defaults to (.+)$/.exec(what))) return `${here} now defaults to ${code(literal(m[1]!))}`;
  if ((m = /no longer defaults to (.+)$/.exec(what))) return `${here} no longer defaults to ${code(literal(m[1]!))}`;
  if ((m = /^the default of .+ changed from (.+) to (.+)$/.exec(what)))
    return `the default of ${within} became ${code(literal(m[2]!))} (was ${code(literal(m[1]!))})`;
  return `${here}: ${what}`;
}

/** `string` → `a string`, `integer` → `an integer`; `any value` and `an enumeration` as they are. */
function typeName(kind: string): string {
  const named: Record<string, string> = {
    enum: 'an enumeration',
    union: 'one of several types',
    intersection: 'a combination of schemas',
    any: 'any value',
    null: 'null',
  };
  if (named[kind]) return named[kind];
  if (/^(a|an|any) /.test(kind)) return kind;
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

/** A JSON value as a reader writes it: strings without quotes. */
function literal(json: string): string {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'string' ? value : json;
  } catch {
    return json;
  }
}

/** Changes to operations, parameters, bodies, responses and media types. */
function outsideSchema(change: Change, kind: string, what: string, where: Where, docs: ChangeDocuments): string {
  let m: RegExpExecArray | null;
  if ((m = /^(\w+) parameter (\S+) was added( as required)?$/.exec(what)))
    return `${m[3] ? 'required' : 'optional'} ${m[1]} parameter ${code(m[2]!)} was added`;
  if ((m = /^(\w+) parameter (\S+) (.+)$/.exec(what))) return `${m[1]} parameter ${code(m[2]!)} ${m[3]}`;
  if ((m = /^header (\S+) of response (\S+) (.+)$/.exec(what))) return `header ${code(m[1]!)} of the ${m[2]} response ${m[3]}`;
  if ((m = /^response (\S+) was (removed|added)$/.exec(what)))
    return m[2] === 'removed' ? `the ${m[1]} response was removed` : `a ${m[1]} response was added`;
  if (kind.startsWith('media-type-')) {
    const holder = where.holder ?? (change.id.startsWith('request') ? 'the request body' : 'the response');
    if ((m = /^(\S+) was (removed|added)$/.exec(what)))
      return `media type ${code(m[1]!)} was ${m[2]} ${m[2] === 'removed' ? 'from' : 'to'} ${holder}`;
    if ((m = /^(\S+) became (\S+)$/.exec(what))) return `media type ${code(m[1]!)} of ${holder} became ${code(m[2]!)}`;
  }
  if ((m = /^operationId (\S+) became (\S+)$/.exec(what))) return `operationId ${code(m[1]!)} became ${code(m[2]!)}`;
  const name = operationName(where.operation);
  if (change.id === 'operation-added') return `operation ${code(name ?? change.subject)} was added`;
  if (change.id === 'operation-deprecated') return `deprecated${lifecycleText(where.operation, docs.new)}`;
  if (change.id.startsWith('operation-retired'))
    return `retired${what.replace(/^.* was retired \(it answers 410 Gone\)/, '')}, it answers 410 Gone${lifecycleText(where.operation, docs.new, { sunset: false })}`;
  if (change.id.startsWith('operation-removed'))
    return `operation ${code(name ?? change.subject)} was removed${what.replace(/^.* was removed/, '')}${lifecycleText(where.operation, docs.old, { sunset: false })}`;
  if (change.id === 'operation-undeprecated') return 'no longer deprecated';
  return what;
}

/** The operationId (OpenAPI) or the operation's key (AsyncAPI). */
function operationName(operation: Record<string, unknown> | undefined): string | undefined {
  return typeof operation?.operationId === 'string'
    ? operation.operationId
    : typeof operation?.['x-name'] === 'string'
      ? operation['x-name']
      : undefined;
}

/** `, sunset 2027-06-30, use \`getDeliveryStatus\` (GET /deliveries/{id}/status) instead`, from the operation's x-lifecycle. */
function lifecycleText(
  operation: Record<string, unknown> | undefined,
  doc: unknown,
  options: { sunset: boolean } = { sunset: true },
): string {
  const lifecycle = isObject(operation?.['x-lifecycle']) ? operation['x-lifecycle'] : {};
  const day = (value: unknown) =>
    value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === 'string' ? value : undefined;
  const sunset = day(lifecycle.sunset);
  const successor = day(lifecycle.successor);
  const route = successor ? routeOf(doc, successor) : undefined;
  return `${options.sunset && sunset ? `, sunset ${sunset}` : ''}${successor ? `, use ${code(successor)}${route ? ` (${route})` : ''} instead` : ''}`;
}

/** `GET /deliveries/{id}/status` for an operationId of the document. */
function routeOf(doc: unknown, operationId: string): string | undefined {
  const paths = isObject(doc) && isObject(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const [method, op] of Object.entries(item))
      if (isObject(op) && op.operationId === operationId) return `${method.toUpperCase()} ${path}`;
  }
  return undefined;
}

/** Follows local `$ref`s, as the places of `apilife diff` are read through them. */
function deref(doc: unknown, node: unknown): unknown {
  for (let hops = 0; isObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#') && hops < 32; hops++) {
    let next: unknown = doc;
    for (const token of parsePointer(node.$ref))
      next = isObject(next) || Array.isArray(next) ? (next as Record<string, unknown>)[token] : undefined;
    node = next;
  }
  return node;
}

/**
 * Reads a place's pointer as a reader names it: the operation, then the parameter, request body,
 * response, header or message holding a schema, then the property path inside that schema.
 */
function locate(doc: unknown, pointer: string): Where {
  let tokens: string[];
  try {
    tokens = parsePointer(pointer);
  } catch {
    return {};
  }
  const where: Where = {};
  let node = deref(doc, doc);
  let response: string | undefined;
  let message: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const parent = tokens[i - 1];
    const value = isObject(node) || Array.isArray(node) ? deref(doc, (node as Record<string, unknown>)[token]) : undefined;
    if (isObject(value) && ((tokens[0] === 'paths' && i === 2) || (tokens[0] === 'operations' && i === 1)))
      where.operation = tokens[0] === 'paths' ? value : { ...value, 'x-name': token };
    if (token === 'payload' || token === 'schema' || (token === 'headers' && message !== undefined)) {
      if (token !== 'schema') where.holder = `${token === 'headers' ? 'the headers of ' : ''}message ${code(message ?? parent ?? '')}`;
      where.path = schemaPath(tokens.slice(i + 1));
      return where;
    }
    if (parent === 'parameters')
      where.holder =
        isObject(value) && typeof value.name === 'string'
          ? `${typeof value.in === 'string' ? `${value.in} ` : ''}parameter ${code(value.name)}`
          : `parameter ${code(token)}`;
    else if (token === 'requestBody') where.holder = 'the request body';
    else if (parent === 'responses' && where.operation) where.holder = `the ${(response = token)} response`;
    else if (parent === 'headers' && response !== undefined) where.holder = `header ${code(token)} of the ${response} response`;
    else if (parent === 'messages') message = isObject(value) && typeof value.name === 'string' ? value.name : token;
    node = value;
  }
  // An AsyncAPI channel parameter holds its enum and default itself.
  if (tokens[0] === 'channels' && tokens.at(-2) === 'parameters') {
    where.holder = `parameter ${code(tokens.at(-1)!)} of channel ${code(tokens[1] ?? '')}`;
    where.path = [];
  }
  return where;
}

/** `properties/errors/items/properties/keyword` → `errors`, `[]`, `keyword`. */
function schemaPath(tokens: string[]): string[] {
  const path: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === 'properties' || token === 'patternProperties') path.push(tokens[++i] ?? '');
    else if (token === 'items') path.push('[]');
    else if (token === 'prefixItems') path.push(`[${tokens[++i] ?? ''}]`);
    else if (token === 'additionalProperties') path.push('*');
    else if (token === 'allOf' || token === 'oneOf' || token === 'anyOf') i++;
  }
  return path;
}
