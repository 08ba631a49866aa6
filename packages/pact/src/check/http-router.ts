import type { ApiIR, OperationIR } from '@apilife/contract';

/** An operation found for a pact request: the operation, its path template values, and the server base path matched. */
export interface Route {
  op: OperationIR;
  /** Path parameter values, percent-decoded. */
  params: Record<string, string>;
  base: string;
}

interface Compiled {
  op: OperationIR;
  segments: ({ literal: string } | { pattern: RegExp; names: string[] })[];
  /** Literal segments count: the more, the more specific. */
  literals: number;
}

/**
 * Finds the operation of an OpenAPI contract a pact request is for: the method, and the path
 * matched against each path template (a `{param}` is one segment, or part of one: `/files/{name}.{ext}`),
 * with or without the base path of a server URL (`https://api.example.com/v1` → `/v1`). The most
 * literal template wins, as in OpenAPI (`/users/me` before `/users/{id}`).
 * @see https://spec.openapis.org/oas/v3.1.0#path-templating-matching
 */
export class HttpRouter {
  readonly #bySize = new Map<number, Compiled[]>();
  readonly #bases: { text: string; pattern: RegExp }[];

  constructor(api: Pick<ApiIR, 'operations' | 'servers'>) {
    for (const op of api.operations) {
      const segments = splitPath(op.path).map(compileSegment);
      const compiled: Compiled = { op, segments, literals: segments.filter((s) => 'literal' in s).length };
      const list = this.#bySize.get(segments.length) ?? [];
      list.push(compiled);
      this.#bySize.set(segments.length, list);
    }
    for (const list of this.#bySize.values()) list.sort((a, b) => b.literals - a.literals);
    const bases = new Set<string>();
    for (const server of api.servers) {
      const path = serverPath(server.url);
      if (path !== '') bases.add(path);
    }
    this.#bases = [...bases].map((text) => ({ text, pattern: new RegExp(`^${templateSource(text)}(?=/|$)`) }));
  }

  /**
   * The route of `method` `path`, or what is wrong: no template matches the path (`path`), or one
   * does but not with this method (`method`, with the methods that exist).
   */
  find(method: string, path: string): Route | { unknown: 'path' } | { unknown: 'method'; methods: string[] } {
    const candidates: { path: string; base: string }[] = [{ path, base: '' }];
    for (const base of this.#bases) {
      const m = base.pattern.exec(path);
      if (m) candidates.push({ path: path.slice(m[0].length) || '/', base: m[0] });
    }
    const methods = new Set<string>();
    for (const candidate of candidates) {
      const raw = splitPath(candidate.path);
      const segments = raw.map(decode);
      for (const compiled of this.#candidates(segments)) {
        const params = matchSegments(compiled, raw, segments);
        if (!params) continue;
        if (compiled.op.method === method) return { op: compiled.op, params, base: candidate.base };
        methods.add(compiled.op.method);
      }
    }
    return methods.size > 0 ? { unknown: 'method', methods: [...methods].sort() } : { unknown: 'path' };
  }

  /** Templates of the same length whose first segment is this literal or a parameter, most literal first. */
  #candidates(segments: string[]): Compiled[] {
    const key = `${segments.length}/${segments[0] ?? ''}`;
    let list = this.#byFirst.get(key);
    if (list === undefined) {
      list = (this.#bySize.get(segments.length) ?? []).filter((c) => {
        const first = c.segments[0];
        return first === undefined || !('literal' in first) || first.literal === segments[0];
      });
      if (this.#byFirst.size < 10_000) this.#byFirst.set(key, list);
    }
    return list;
  }

  readonly #byFirst = new Map<string, Compiled[]>();
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

function compileSegment(segment: string): Compiled['segments'][number] {
  if (!segment.includes('{')) return { literal: segment };
  const names: string[] = [];
  let source = '^';
  let last = 0;
  for (const m of segment.matchAll(/\{([^}]+)\}/g)) {
    source += escapeRegex(segment.slice(last, m.index));
    source += '([^/]+?)';
    names.push(m[1]!);
    last = m.index! + m[0].length;
  }
  source += `${escapeRegex(segment.slice(last))}$`;
  return { pattern: new RegExp(source), names };
}

function matchSegments(compiled: Compiled, raw: string[], segments: string[]): Record<string, string> | undefined {
  let params: Record<string, string> | undefined;
  for (let i = 0; i < segments.length; i++) {
    const want = compiled.segments[i]!;
    if ('literal' in want) {
      if (want.literal !== segments[i] && want.literal !== raw[i]) return undefined;
      continue;
    }
    const m = want.pattern.exec(raw[i]!);
    if (!m) return undefined;
    params ??= Object.create(null) as Record<string, string>;
    for (let j = 0; j < want.names.length; j++) params[want.names[j]!] = decode(m[j + 1]!);
  }
  return params ?? (Object.create(null) as Record<string, string>);
}

/** The path of a server URL: `https://x.com/v1/` → `/v1`, `/api` → `/api`, `https://x.com` → ``. */
function serverPath(url: string): string {
  const m = /^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/]*(\/.*)?$/i.exec(url);
  const path = m ? (m[1] ?? '') : url.startsWith('/') ? url : '';
  return path.split(/[?#]/)[0]!.replace(/\/+$/, '');
}

function templateSource(template: string): string {
  return template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : escapeRegex(part)))
    .join('');
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
