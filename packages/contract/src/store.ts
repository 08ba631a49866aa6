import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { loaderDiagnostic } from './diagnostic.ts';
import { InputError } from './errors.ts';
import { DEFAULT_LIMITS, formatBytes, type Limits } from './limits.ts';
import { parseSource, type ParsedSource } from './parse.ts';
import { resolveRefTarget, symlinkedOutside, type RefPolicy, type RefTarget } from './ref-policy.ts';

export interface ContractStoreOptions {
  /** The contracts root; `$ref`s may read any file below it. */
  root: string;
  /** More folders or URL prefixes `$ref`s may read. */
  allow?: readonly string[];
  limits?: Partial<Limits>;
  /** Used only for allow-listed URLs. */
  fetch?: typeof fetch;
  /**
   * Parsed files shared between stores, by content: stores over many states of the same contracts
   * (`apilife changelog` reads every commit) parse a file's text once, whatever folder holds it.
   */
  parsed?: Map<string, ParsedSource>;
}

/**
 * Reads and parses contract files once each, inside the limits and the `$ref` policy. Every
 * engine (our model, Spectral, Redocly) reads through one store, so no engine can reach a file or
 * URL the policy forbids, and a 13 MB file is parsed once, not once per engine.
 */
export class ContractStore {
  readonly policy: RefPolicy;
  readonly limits: Limits;
  readonly #sources = new Map<string, Promise<ParsedSource>>();
  readonly #fetch: typeof fetch;
  readonly #parsed: Map<string, ParsedSource> | undefined;
  readonly #targets = new Map<string, RefTarget>();

  constructor(options: ContractStoreOptions) {
    this.policy = { root: options.root, allow: options.allow ?? [] };
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#parsed = options.parsed;
  }

  /** Where a `$ref` in `fromFile` points, or why it may not be followed (decided once per file and `$ref`: a contract repeats its `$ref`s). */
  target(ref: string, fromFile: string): RefTarget {
    const key = `${fromFile}\0${ref}`;
    let target = this.#targets.get(key);
    if (!target) {
      target = resolveRefTarget(ref, fromFile, this.policy);
      this.#targets.set(key, target);
    }
    return target;
  }

  /** Loads a file or allow-listed URL; problems (missing, too big, bad syntax) are diagnostics on the result. */
  load(location: string): Promise<ParsedSource> {
    let pending = this.#sources.get(location);
    if (!pending) {
      pending = this.#read(location);
      this.#sources.set(location, pending);
    }
    return pending;
  }

  /** Everything loaded so far. */
  async loaded(): Promise<ParsedSource[]> {
    return Promise.all(this.#sources.values());
  }

  get size(): number {
    return this.#sources.size;
  }

  async #read(location: string): Promise<ParsedSource> {
    try {
      const text = /^https?:\/\//.test(location) ? await this.#readUrl(location) : await this.#readFile(location);
      return this.#parse(text, location);
    } catch (error) {
      const code = error instanceof InputError ? error.code : 'file-unreadable';
      const message = error instanceof Error ? error.message : String(error);
      return { ...parseSource('', location, this.limits), value: undefined, diagnostics: [loaderDiagnostic(code, message, location)] };
    }
  }

  /** Parses a file's text, or takes an earlier parse of the same text from the shared cache (only clean parses are shared: findings name their file). */
  #parse(text: string, location: string): ParsedSource {
    if (!this.#parsed) return parseSource(text, location, this.limits);
    const key = `${location.endsWith('.json') ? 'json' : 'yaml'}:${createHash('sha256').update(text).digest('hex')}`;
    const cached = this.#parsed.get(key);
    if (cached) return { ...cached, file: location };
    const parsed = parseSource(text, location, this.limits);
    if (parsed.diagnostics.length === 0) this.#parsed.set(key, parsed);
    return parsed;
  }

  async #readFile(file: string): Promise<string> {
    // Checked before anything is opened: a contract found under the root may link out of it.
    const outside = symlinkedOutside(file, this.policy);
    if (outside) throw new InputError(outside, file, { code: 'ref-outside-root' });
    let info;
    try {
      info = await stat(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file}: ${code}`, file, {
        cause: error,
        code: code === 'ENOENT' ? 'file-not-found' : 'file-unreadable',
      });
    }
    if (!info.isFile()) throw new InputError(`not a file: ${file}`, file, { code: 'file-unreadable' });
    if (info.size > this.limits.maxFileBytes) {
      throw new InputError(
        `file is ${formatBytes(info.size)}, over the limit of ${formatBytes(this.limits.maxFileBytes)} (limits.maxFileBytes)`,
        file,
        { code: 'file-too-large' },
      );
    }
    // Read at most the limit even if the file grows between stat and read.
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(info.size, this.limits.maxFileBytes) + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      if (bytesRead > this.limits.maxFileBytes) {
        throw new InputError(`file grew over the limit of ${formatBytes(this.limits.maxFileBytes)} while read`, file, {
          code: 'file-too-large',
        });
      }
      return buffer.toString('utf8', 0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async #readUrl(url: string): Promise<string> {
    const response = await this.#fetch(url, { signal: AbortSignal.timeout(this.limits.fetchTimeoutMs), redirect: 'error' });
    if (!response.ok) throw new InputError(`GET ${url} answered ${response.status}`, url, { code: 'file-unreadable' });
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > this.limits.maxFileBytes) throw new InputError(`${url} is over the size limit`, url, { code: 'file-too-large' });
    const text = await response.text();
    if (text.length > this.limits.maxFileBytes) throw new InputError(`${url} is over the size limit`, url, { code: 'file-too-large' });
    return text;
  }
}
