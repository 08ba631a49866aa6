import { createRequire } from 'node:module';
import type { JsonPath } from '../diagnostic.ts';
import { CONVERTIBLE_ASYNCAPI } from '../kind.ts';
import { isObject } from '../read/values.ts';
import { PathMoves } from './path-moves.ts';

/** A finding of the conversion, at a path of the document as written. */
export interface ConversionFinding {
  code: string;
  severity: 'error' | 'warn';
  message: string;
  path: JsonPath;
}

/** An AsyncAPI 2.x document converted to 3.0.0, and where each part of the conversion was written. */
export interface Conversion {
  /** The AsyncAPI 2 version converted from: `2.6.0`. */
  from: string;
  /** The AsyncAPI 3.0.0 document. */
  value: Record<string, unknown>;
  /** Where a path of `value` was written in the 2.x document. */
  moves: PathMoves;
  /** What the conversion could not carry over. */
  findings: ConversionFinding[];
}

interface IdRequest {
  asyncapi: Record<string, unknown>;
  kind: 'channel' | 'operation' | 'message';
  key: string | number | undefined;
  path: (string | number)[];
  object: unknown;
  parentId?: string;
}

type Converter = (document: Record<string, unknown>, version: '3.0.0', options: unknown) => Record<string, unknown>;

const require = createRequire(import.meta.url);
let converter: Converter | undefined;
/** `@asyncapi/converter`, loaded on the first 2.x document (a run over 3.x contracts never loads it). */
const converterOf = (): Converter => (converter ??= (require('@asyncapi/converter') as { convert: Converter }).convert);

/** True when a parsed document is an AsyncAPI 2.x document apilife reads by converting it (2.0.0–2.6.0). */
export function isConvertibleAsyncApi(value: unknown): value is Record<string, unknown> & { asyncapi: string } {
  return isObject(value) && typeof value.asyncapi === 'string' && CONVERTIBLE_ASYNCAPI.test(value.asyncapi);
}

/**
 * Converts an AsyncAPI 2.0–2.6 document to 3.0.0 with `@asyncapi/converter` (the converter of the
 * AsyncAPI CLI's `asyncapi convert`, with its defaults: the application's point of view, so a 2.x
 * `publish` becomes a `receive` operation), and records where every channel, operation and message
 * of the result was written, so findings on the 3.0 document are placed in the 2.x file. The
 * converter works on data only: it reads no file and fetches nothing; `$ref`s to other files are
 * kept as written and followed later under the contracts root's policy. Deterministic.
 * Throws the converter's error for a document it cannot convert (the caller makes it a finding).
 * @see https://www.asyncapi.com/docs/migration/migrating-to-v3
 * @example
 * const { value, moves } = convertAsyncApi2({ asyncapi: '2.6.0', info, channels });
 * moves.translate(['operations', 'onLightMeasured', 'action']); // { path: ['channels', 'light/measured', 'publish'], key: true }
 */
export function convertAsyncApi2(document: Record<string, unknown> & { asyncapi: string }): Conversion {
  const moves = new PathMoves();
  const findings = parameterLosses(document);
  let channelPath: (string | number)[] = [];
  const operationPaths = new Map<string, (string | number)[]>();
  // The converter's own id rules (generateIdFor* in its third-version.ts), kept as they are so the
  // output is what `asyncapi convert` writes; each id also says where the object came from.
  const idGenerator = ({ asyncapi, kind, key, path, object, parentId }: IdRequest): string => {
    if (kind === 'channel') {
      const id = isObject(object) && !('$ref' in object) && typeof object['x-channelId'] === 'string' ? object['x-channelId'] : String(key);
      channelPath = [...path.slice(0, -1), id];
      moves.add(channelPath, path);
      moves.add([...channelPath, 'address'], path, true);
      return id;
    }
    if (kind === 'operation') {
      const own = isObject(object) && typeof object.operationId === 'string' ? object.operationId : undefined;
      const id = own || (parentId ? `${parentId}.${String(key)}` : kind);
      const from = [...path, String(key)];
      const to = path[0] === 'components' ? ['components', 'operations', id] : ['operations', id];
      operationPaths.set(id, to);
      moves.add(to, from);
      moves.add([...to, 'action'], from, true);
      moves.add([...to, 'channel'], path);
      moves.add([...to, 'messages'], [...from, 'message']);
      return id;
    }
    const id = messageId(asyncapi, object, parentId ?? '', key);
    const to = [...channelPath, 'messages', id];
    moves.add(to, path);
    const operation = parentId === undefined ? undefined : operationPaths.get(parentId);
    if (operation) moves.operationMessage(operation, id, path);
    return id;
  };
  const warn = console.warn;
  // The converter warns on the console about parameter schemas; `parameterLosses` has said it as findings.
  console.warn = () => {};
  let value: Record<string, unknown>;
  try {
    value = converterOf()(document, '3.0.0', { v2tov3: { idGenerator } });
  } finally {
    console.warn = warn;
  }
  moves.placeOperationMessages();
  recordRenames(document, value, moves);
  repairParameterExtensions(value);
  referToChannelMessages(value);
  return { from: document.asyncapi, value, moves, findings };
}

/** `generateIdForMessage` of the converter. */
function messageId(asyncapi: Record<string, unknown>, object: unknown, parentId: string, key: string | number | undefined): string {
  if (isObject(object) && typeof object.$ref === 'string') {
    const target = localTarget(asyncapi, object.$ref);
    if (isObject(target) && typeof target.messageId === 'string' && target.messageId) return target.messageId;
  }
  if (isObject(object) && typeof object.messageId === 'string' && object.messageId) return object.messageId;
  const parts = parentId.split('.');
  const operationKind = parts.length === 1 ? parentId : parts.pop()!;
  return typeof key === 'number' ? `${operationKind}.message.${key}` : `${operationKind}.message`;
}

/** Moves the converter makes inside objects that keep their place: info, servers, parameters, payload formats, OAuth scopes. */
function recordRenames(written: Record<string, unknown>, converted: Record<string, unknown>, moves: PathMoves): void {
  if (written.tags !== undefined) moves.add(['info', 'tags'], ['tags']);
  if (written.externalDocs !== undefined) moves.add(['info', 'externalDocs'], ['externalDocs']);
  for (const where of [['servers'], ['components', 'servers']]) {
    for (const [name, server] of entriesAt(written, where)) {
      if (!isObject(server) || typeof server.url !== 'string') continue;
      for (const field of ['host', 'pathname', ...(server.protocol === undefined ? ['protocol'] : [])])
        moves.add([...where, name, field], [...where, name, 'url']);
    }
  }
  for (const [path, parameter] of parameterEntries(converted)) {
    const from = moves.translate(path).path;
    for (const field of ['enum', 'default', 'examples']) moves.add([...path, field], [...from, 'schema', field]);
    if (isObject(parameter) && parameter.description !== undefined) moves.add([...path, 'description'], [...from, 'description']);
  }
  for (const [path, message] of messageEntries(converted)) {
    const payload = isObject(message) ? message.payload : undefined;
    if (!isObject(payload) || payload.schemaFormat === undefined || !('schema' in payload)) continue;
    const from = moves.translate(path).path;
    moves.add([...path, 'payload', 'schema'], [...from, 'payload']);
    moves.add([...path, 'payload', 'schemaFormat'], [...from, 'schemaFormat']);
  }
  for (const [name, scheme] of entriesAt(converted, ['components', 'securitySchemes'])) {
    for (const [flow, settings] of entriesAt(scheme, ['flows'])) {
      if (isObject(settings) && settings.availableScopes !== undefined)
        moves.add(
          ['components', 'securitySchemes', name, 'flows', flow, 'availableScopes'],
          ['components', 'securitySchemes', name, 'flows', flow, 'scopes'],
        );
    }
  }
}

/**
 * The converter (2.0.2) spreads a parameter's extensions as `[key, value]` pairs under `0`, `1`, …;
 * they are put back under their keys.
 */
function repairParameterExtensions(converted: Record<string, unknown>): void {
  for (const [, parameter] of parameterEntries(converted)) {
    if (!isObject(parameter)) continue;
    for (const key of Object.keys(parameter)) {
      const pair = parameter[key];
      if (!/^\d+$/.test(key) || !Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') continue;
      delete parameter[key];
      if (pair[0] !== '__proto__') parameter[pair[0]] = pair[1];
    }
  }
}

/**
 * AsyncAPI 3 wants an operation's messages to be references to its channel's messages. The
 * converter (2.0.2) writes them so for inline messages, but copies a message `$ref` to another file
 * into both places, which `@asyncapi/parser` rejects (`asyncapi3-operation-messages-from-referred-channel`).
 * Such a copy becomes a reference to the channel's message it equals.
 */
function referToChannelMessages(converted: Record<string, unknown>): void {
  const channels = isObject(converted.channels) ? converted.channels : {};
  const operations = [...entriesAt(converted, ['operations']), ...entriesAt(converted, ['components', 'operations'])];
  for (const [, operation] of operations) {
    if (!isObject(operation) || !Array.isArray(operation.messages) || !isObject(operation.channel)) continue;
    const channelRef = operation.channel.$ref;
    if (typeof channelRef !== 'string' || !channelRef.startsWith('#/channels/') || channelRef.split('/').length !== 3) continue;
    const channelId = channelRef.slice('#/channels/'.length);
    const channel = channels[channelId.replaceAll('~1', '/').replaceAll('~0', '~')];
    const messages = isObject(channel) && isObject(channel.messages) ? Object.entries(channel.messages) : [];
    operation.messages = operation.messages.map((message: unknown) => {
      if (isObject(message) && typeof message.$ref === 'string' && message.$ref.startsWith('#/channels/')) return message;
      const same = JSON.stringify(message);
      const found = messages.find(([, m]) => JSON.stringify(m) === same);
      return found ? { $ref: `${channelRef}/messages/${found[0].replaceAll('~', '~0').replaceAll('/', '~1')}` } : message;
    });
  }
}

const KEPT_PARAMETER_SCHEMA = new Set(['enum', 'const', 'default', 'examples', 'description']);

/**
 * What AsyncAPI 3 parameters cannot say (they are strings with `enum`, `default`, `examples`,
 * `description` and `location`): keywords of a 2.x parameter schema such as `pattern` or a
 * `format`, and anything behind a schema `$ref` (the converter does not follow it). `type: string`
 * is no loss.
 */
function parameterLosses(written: Record<string, unknown>): ConversionFinding[] {
  const findings: ConversionFinding[] = [];
  for (const [path, parameter] of parameterEntries(written)) {
    const schema = isObject(parameter) ? parameter.schema : undefined;
    if (!isObject(schema)) continue;
    const ref = typeof schema.$ref === 'string' ? schema.$ref : undefined;
    const target = ref === undefined ? schema : localTarget(written, ref);
    const lost = isObject(target)
      ? Object.keys(target).filter(
          (k) => (ref !== undefined || !KEPT_PARAMETER_SCHEMA.has(k)) && k !== 'description' && !(k === 'type' && target.type === 'string'),
        )
      : ['$ref'];
    if (lost.length === 0) continue;
    const what = ref === undefined ? lost.map((k) => `schema.${k}`).join(', ') : `its schema $ref "${ref}" (${lost.join(', ')})`;
    findings.push({
      code: 'asyncapi-conversion-loss',
      severity: 'warn',
      message: `the conversion to AsyncAPI 3.0 drops ${what}: 3.0 parameters are strings with enum, default and examples`,
      path: ref === undefined ? [...path, 'schema', lost[0]!] : [...path, 'schema', '$ref'],
    });
  }
  return findings;
}

/** The value a local `$ref` (`#/components/schemas/id`) names, or undefined. */
function localTarget(document: Record<string, unknown>, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let target: unknown = document;
  for (const token of ref.slice(2).split('/'))
    target = isObject(target) ? target[token.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return target;
}

/** Every parameter object of channels and components, with its path. */
function parameterEntries(document: Record<string, unknown>): [(string | number)[], unknown][] {
  const out: [(string | number)[], unknown][] = [];
  for (const where of [['channels'], ['components', 'channels']]) {
    for (const [name, channel] of entriesAt(document, where))
      for (const [key, parameter] of entriesAt(channel, ['parameters'])) out.push([[...where, name, 'parameters', key], parameter]);
  }
  for (const [key, parameter] of entriesAt(document, ['components', 'parameters']))
    out.push([['components', 'parameters', key], parameter]);
  return out;
}

/** Every message object of a 3.0 document's channels and components, with its path. */
function messageEntries(document: Record<string, unknown>): [(string | number)[], unknown][] {
  const out: [(string | number)[], unknown][] = [];
  for (const where of [['channels'], ['components', 'channels']]) {
    for (const [name, channel] of entriesAt(document, where))
      for (const [key, message] of entriesAt(channel, ['messages'])) out.push([[...where, name, 'messages', key], message]);
  }
  for (const [key, message] of entriesAt(document, ['components', 'messages'])) out.push([['components', 'messages', key], message]);
  return out;
}

function entriesAt(value: unknown, path: readonly string[]): [string, unknown][] {
  let current = value;
  for (const token of path) current = isObject(current) ? current[token] : undefined;
  return isObject(current) ? Object.entries(current) : [];
}
