import { readFile, stat } from 'node:fs/promises';
import { formatBytes, loaderDiagnostic, parseSource, ZERO_RANGE, type Diagnostic, type ParsedSource } from '@apilife/contract';
import { isRecord, readCategory, readV2Category } from './matching-rules.ts';
import type {
  HeaderMap,
  HttpInteraction,
  MessageInteraction,
  PactBody,
  PactFile,
  PactInteraction,
  PactMessage,
  ProviderStateUse,
} from './model.ts';

/** Bounds on a pact file, so no input can exhaust time or memory. */
export interface PactLimits {
  /** Largest pact file read, in bytes (default 50 MB). */
  maxFileBytes: number;
  /** Deepest nesting of objects and arrays, checked before anything recursive runs (default 512). */
  maxDepth: number;
  /** Most interactions in one pact file (default 200,000). */
  maxInteractions: number;
}

export const DEFAULT_PACT_LIMITS: PactLimits = { maxFileBytes: 50 * 1024 * 1024, maxDepth: 512, maxInteractions: 200_000 };

/** A pact file read: the normalised pact, or the problems that stop it being read (exit 2). */
export interface PactRead {
  pact?: PactFile;
  source?: ParsedSource;
  problems: Diagnostic[];
}

const SOURCE = 'apilife pact';

/**
 * Reads one pact file: size checked before reading, nesting checked before parsing (no recursion
 * over an unbounded input), JSON errors named with line and column, then the document read as a
 * V2, V3 or V4 pact. Never throws for what the file holds.
 */
export async function readPactFile(file: string, limits: PactLimits = DEFAULT_PACT_LIMITS): Promise<PactRead> {
  const problem = (code: string, message: string): PactRead => ({ problems: [loaderDiagnostic(code, message, file)] });
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) return problem('pact-unreadable', `${file}: not a file`);
    size = info.size;
  } catch (error) {
    return problem('pact-unreadable', `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (size > limits.maxFileBytes)
    return problem(
      'pact-too-large',
      `${file}: ${formatBytes(size)} is larger than the limit of ${formatBytes(limits.maxFileBytes)} for a pact file`,
    );
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return problem('pact-unreadable', `${file}: cannot be read (${(error as Error).message})`);
  }
  return readPactText(text, file, limits);
}

/** `readPactFile` for text already in memory (tests, fuzzing). */
export function readPactText(text: string, file: string, limits: PactLimits = DEFAULT_PACT_LIMITS): PactRead {
  // A pact is JSON: force the JSON reader whatever the file is called.
  const source = parseSource(text, file.endsWith('.json') ? file : `${file}#.json`, {
    maxFileBytes: limits.maxFileBytes,
    maxAliasCount: 0,
    maxDepth: limits.maxDepth,
    maxFiles: 1,
    fetchTimeoutMs: 0,
    maxExpandedNodes: 0,
    maxExpansionRatio: 0,
  });
  source.file = file;
  const parseProblem = source.diagnostics[0];
  if (parseProblem) {
    const at = parseProblem.range.start;
    return {
      source,
      problems: [{ ...parseProblem, file, source: SOURCE, message: `${file}:${at.line + 1}:${at.character + 1}: ${parseProblem.message}` }],
    };
  }
  const reader = new PactReader(file, source, limits);
  try {
    return { source, pact: reader.read(source.value), problems: [] };
  } catch (error) {
    if (error instanceof NotAPact) return { source, problems: [reader.problem(error)] };
    throw error;
  }
}

class NotAPact extends Error {
  constructor(
    message: string,
    readonly pointer: string,
    readonly code = 'not-a-pact',
  ) {
    super(message);
  }
}

const SPEC_VERSIONS: Record<string, 2 | 3 | 4> = { '1': 2, '2': 2, '3': 3, '4': 4 };

class PactReader {
  #spec: 2 | 3 | 4 = 2;

  constructor(
    readonly file: string,
    readonly source: ParsedSource,
    readonly limits: PactLimits,
  ) {}

  problem(error: NotAPact): Diagnostic {
    const segments = error.pointer === '' ? [] : error.pointer.slice(1).split('/').map(unescapeToken);
    const range = segments.length > 0 || error.pointer === '' ? this.source.sourceMap.locate(segments).range : ZERO_RANGE;
    const at = range.start;
    return {
      code: error.code,
      severity: 'error',
      message: `${this.file}:${at.line + 1}:${at.character + 1}: ${error.message}${error.pointer ? ` (at ${error.pointer})` : ''}`,
      file: this.file,
      path: segments,
      range,
      source: SOURCE,
    };
  }

  read(doc: unknown): PactFile {
    if (!isRecord(doc))
      throw new NotAPact(`not a pact: the file holds ${kind(doc)}, not an object with consumer, provider and interactions`, '');
    const consumer = this.name(doc.consumer, '/consumer', 'consumer');
    const provider = this.name(doc.provider, '/provider', 'provider');
    this.#spec = this.specification(doc);
    const interactions: PactInteraction[] = [];
    const lists: [string, unknown][] = [];
    if (doc.interactions !== undefined) lists.push(['interactions', doc.interactions]);
    if (doc.messages !== undefined) lists.push(['messages', doc.messages]);
    if (lists.length === 0) throw new NotAPact('not a pact: it has no interactions (nor V3 messages)', '');
    for (const [key, list] of lists) {
      if (!Array.isArray(list)) throw new NotAPact(`"${key}" must be an array, not ${kind(list)}`, `/${key}`);
      if (list.length > this.limits.maxInteractions)
        throw new NotAPact(`${list.length} ${key} is more than the limit of ${this.limits.maxInteractions}`, `/${key}`, 'pact-too-large');
      list.forEach((item, index) => interactions.push(this.interaction(item, index, `/${key}/${index}`, key === 'messages')));
    }
    return { file: this.file, consumer, provider, specification: this.#spec, interactions };
  }

  name(value: unknown, pointer: string, role: string): string {
    if (!isRecord(value)) throw new NotAPact(`not a pact: "${role}" must be an object with a name`, isRecord(value) ? pointer : '');
    if (typeof value.name !== 'string' || value.name.trim() === '') throw new NotAPact(`the ${role} must have a name (a string)`, pointer);
    return value.name;
  }

  specification(doc: Record<string, unknown>): 2 | 3 | 4 {
    const metadata = doc.metadata;
    let version: unknown;
    let pointer = '/metadata';
    if (isRecord(metadata)) {
      for (const key of ['pactSpecification', 'pact-specification', 'pactSpecificationVersion']) {
        const v = metadata[key];
        if (v === undefined) continue;
        pointer = `/metadata/${key}`;
        version = isRecord(v) ? v.version : v;
        if (isRecord(v)) pointer += '/version';
        break;
      }
    } else if (metadata !== undefined) throw new NotAPact(`"metadata" must be an object, not ${kind(metadata)}`, '/metadata');
    if (version === undefined) {
      // No version written: judge by shape, as the Pact implementations do.
      const list = Array.isArray(doc.interactions) ? doc.interactions : [];
      if (list.some((i) => isRecord(i) && typeof i.type === 'string')) return 4;
      return doc.messages !== undefined ? 3 : 2;
    }
    const major = typeof version === 'string' ? /^v?(\d+)(?:\.\d+){0,2}$/.exec(version.trim())?.[1] : undefined;
    const spec = major === undefined ? undefined : SPEC_VERSIONS[major];
    if (spec === undefined)
      throw new NotAPact(
        `unknown Pact specification version ${JSON.stringify(version)?.slice(0, 40) ?? kind(version)}: apilife reads pacts of versions 2, 3 and 4`,
        pointer,
        'pact-version-unknown',
      );
    return spec;
  }

  interaction(item: unknown, index: number, pointer: string, v3Message: boolean): PactInteraction {
    if (!isRecord(item)) throw new NotAPact(`an interaction must be an object, not ${kind(item)}`, pointer);
    const description = typeof item.description === 'string' ? item.description : `interaction ${index}`;
    const states = this.states(item, pointer);
    const base = { index, description, pointer, states };
    const type = typeof item.type === 'string' ? item.type : undefined;
    if (v3Message || type?.toLowerCase() === 'asynchronous/messages') {
      return { ...base, kind: 'message', sync: false, ...this.reference(item), message: this.message(item, pointer), replies: [] };
    }
    if (type?.toLowerCase() === 'synchronous/messages') {
      const request = this.message(isRecord(item.request) ? item.request : {}, `${pointer}/request`);
      const replies = Array.isArray(item.response)
        ? item.response.map((r, i) => this.message(isRecord(r) ? r : {}, `${pointer}/response/${i}`))
        : [];
      return { ...base, kind: 'message', sync: true, ...this.reference(item), message: request, replies } satisfies MessageInteraction;
    }
    if (type !== undefined && type.toLowerCase() !== 'synchronous/http') return { ...base, kind: 'other', type };
    return this.http(item, base);
  }

  states(item: Record<string, unknown>, pointer: string): ProviderStateUse[] {
    if (typeof item.providerState === 'string') return [{ name: item.providerState, pointer: `${pointer}/providerState` }];
    if (!Array.isArray(item.providerStates)) return [];
    return item.providerStates.flatMap((s, i): ProviderStateUse[] => {
      if (!isRecord(s) || typeof s.name !== 'string') return [];
      const use: ProviderStateUse = { name: s.name, pointer: `${pointer}/providerStates/${i}` };
      if (s.params !== undefined) use.params = s.params;
      return [use];
    });
  }

  reference(item: Record<string, unknown>): { reference?: string } {
    const comments = item.comments;
    const asyncapi = isRecord(comments) && isRecord(comments.references) ? comments.references.AsyncAPI : undefined;
    return isRecord(asyncapi) && typeof asyncapi.operationId === 'string' ? { reference: asyncapi.operationId } : {};
  }

  http(item: Record<string, unknown>, base: Omit<HttpInteraction, 'kind' | 'request' | 'response'>): HttpInteraction {
    const { pointer } = base;
    const request = item.request;
    const response = item.response;
    if (!isRecord(request)) throw new NotAPact('an HTTP interaction must have a request object', pointer);
    if (!isRecord(response)) throw new NotAPact('an HTTP interaction must have a response object', pointer);
    if (typeof request.method !== 'string' || request.method === '')
      throw new NotAPact('the request must have a method (a string)', `${pointer}/request`);
    if (typeof request.path !== 'string') throw new NotAPact('the request must have a path (a string)', `${pointer}/request`);
    const status = response.status;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
      throw new NotAPact(
        `the response status must be an HTTP status (100–599), not ${JSON.stringify(status) ?? 'absent'}`,
        `${pointer}/response`,
      );
    const v2 = this.#spec === 2;
    const requestHeaders = headerMap(request.headers);
    const responseHeaders = headerMap(response.headers);
    const requestRules = request.matchingRules;
    const responseRules = response.matchingRules;
    const req: HttpInteraction['request'] = {
      method: request.method.toUpperCase(),
      path: request.path,
      query: queryOf(request.query),
      headers: requestHeaders,
      rules: v2
        ? {
            body: readV2Category(requestRules, 'body'),
            header: readV2Category(requestRules, 'headers'),
            query: readV2Category(requestRules, 'query'),
            path: readV2Category(requestRules, 'path'),
          }
        : {
            body: readCategory(requestRules, 'body'),
            header: readCategory(requestRules, 'header'),
            query: readCategory(requestRules, 'query'),
            path: readCategory(requestRules, 'path'),
          },
    };
    const requestBody = this.body(request, `${pointer}/request`, headerValue(requestHeaders, 'content-type'));
    if (requestBody) req.body = requestBody;
    const res: HttpInteraction['response'] = {
      status,
      headers: responseHeaders,
      pointer: `${pointer}/response`,
      rules: v2
        ? { body: readV2Category(responseRules, 'body'), header: readV2Category(responseRules, 'headers') }
        : { body: readCategory(responseRules, 'body'), header: readCategory(responseRules, 'header') },
    };
    const responseBody = this.body(response, `${pointer}/response`, headerValue(responseHeaders, 'content-type'));
    if (responseBody) res.body = responseBody;
    return { ...base, kind: 'http', request: req, response: res };
  }

  /** The body of a request or response: V4 `{ content, contentType, encoded }`, V2/V3 the value itself. */
  body(part: Record<string, unknown>, pointer: string, contentTypeHeader: string | undefined): PactBody | undefined {
    if (!Object.hasOwn(part, 'body') || part.body === undefined) return undefined;
    if (this.#spec === 4) return decodeV4(part.body, `${pointer}/body`, contentTypeHeader);
    const value = part.body;
    const contentType = contentTypeHeader ?? (typeof value === 'object' && value !== null ? 'application/json' : undefined);
    return {
      value,
      json: isJson(contentType) || (contentType === undefined && typeof value !== 'string'),
      pointer: `${pointer}/body`,
      ...(contentType ? { contentType } : {}),
    };
  }

  message(item: Record<string, unknown>, pointer: string): PactMessage {
    const metadata = isRecord(item.metadata) ? item.metadata : isRecord(item.metaData) ? item.metaData : {};
    const contentTypeMeta = ['contentType', 'content-type', 'Content-Type'].map((k) => metadata[k]).find((v) => typeof v === 'string') as
      | string
      | undefined;
    const message: PactMessage = {
      metadata: Object.assign(Object.create(null) as Record<string, unknown>, metadata),
      rules: { body: readCategory(item.matchingRules, 'body'), metadata: readCategory(item.matchingRules, 'metadata') },
      pointer,
    };
    if (Object.hasOwn(item, 'contents') && item.contents !== undefined) {
      const contents =
        this.#spec === 4 || (isRecord(item.contents) && Object.hasOwn(item.contents, 'content') && Object.hasOwn(item.contents, 'encoded'))
          ? decodeV4(item.contents, `${pointer}/contents`, contentTypeMeta)
          : {
              value: item.contents,
              json: isJson(contentTypeMeta) || (contentTypeMeta === undefined && typeof item.contents !== 'string'),
              pointer: `${pointer}/contents`,
              ...(contentTypeMeta ? { contentType: contentTypeMeta } : {}),
            };
      if (contents) message.contents = contents;
    }
    return message;
  }
}

/** A V4 body: `{ content, contentType, encoded }`; `encoded` false (or absent) means `content` is the value itself. */
function decodeV4(body: unknown, pointer: string, contentTypeHeader: string | undefined): PactBody | undefined {
  if (!isRecord(body) || !Object.hasOwn(body, 'content')) {
    // Not the V4 shape (a hand-written pact): the value itself.
    if (body === undefined || body === null) return undefined;
    return { value: body, json: typeof body !== 'string', pointer, ...(contentTypeHeader ? { contentType: contentTypeHeader } : {}) };
  }
  const contentType = typeof body.contentType === 'string' ? body.contentType : contentTypeHeader;
  const json = isJson(contentType);
  const encoded = body.encoded;
  let value = body.content;
  const at = `${pointer}/content`;
  if (typeof value === 'string' && encoded !== undefined && encoded !== false) {
    const encoding = typeof encoded === 'string' ? encoded.toLowerCase() : 'base64';
    if (encoding === 'json') return { value: tryJson(value), json: true, pointer: at, ...(contentType ? { contentType } : {}) };
    const text = Buffer.from(value, encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
    value = json ? tryJson(text) : text;
  } else if (typeof value === 'string' && json) value = tryJson(value);
  return { value, json, pointer: at, ...(contentType ? { contentType } : {}) };
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `application/json`, `application/problem+json`, `application/json; charset=utf-8`. */
export function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const essence = contentType.split(';')[0]!.trim().toLowerCase();
  return essence === 'application/json' || essence.endsWith('+json');
}

function headerMap(headers: unknown): HeaderMap {
  const map: HeaderMap = new Map();
  if (!isRecord(headers)) return map;
  for (const [name, value] of Object.entries(headers)) {
    const values = Array.isArray(value) ? value.map(String) : [String(value)];
    const key = name.toLowerCase();
    const known = map.get(key);
    if (known) known.values.push(...values);
    else map.set(key, { name, values });
  }
  return map;
}

/** The first value of a header, joined as HTTP does (`a, b`) when it has several. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const values = headers.get(name)?.values;
  return values === undefined ? undefined : values.join(', ');
}

function queryOf(query: unknown): Record<string, string[]> {
  const out = Object.create(null) as Record<string, string[]>;
  if (typeof query === 'string') {
    for (const [key, value] of new URLSearchParams(query)) (out[key] ??= []).push(value);
  } else if (isRecord(query)) {
    for (const [key, value] of Object.entries(query)) out[key] = Array.isArray(value) ? value.map(String) : [String(value)];
  }
  return out;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}
