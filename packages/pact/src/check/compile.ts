import { createRequire } from 'node:module';
import type { ApiIR, NamedSchema, OperationIR, SchemaIR } from '@apilife/contract';
import { toScript } from './script.ts';
import type { ValidatorCache } from './validator-cache.ts';

const require = createRequire(import.meta.url);

/** One reason a value does not match the contract, as the generated validators report it. */
export interface Violation {
  pointer: string;
  message: string;
  keyword: string;
  in?: 'path' | 'query' | 'header' | 'cookie' | 'body';
  parameter?: string;
}

/** A generated schema check: `true` when `value` is valid; violations are appended to `errors`. */
export type Validate = (value: unknown, pointer: string, errors: Violation[] | null) => boolean;

/** The generated checks of one operation (`<op>Validator` of `validators.gen.ts`). */
export interface OperationValidator {
  parameters(
    raw: {
      path: Record<string, string>;
      query: Record<string, string[]>;
      headers: Record<string, string>;
      cookies: Record<string, string>;
    },
    errors: Violation[],
  ): unknown;
}

export type Direction = 'request' | 'response';

/** What a compile hands back: the schema checks asked for, and the operations' parameter checks. */
export interface CompiledValidators {
  schema(handle: SchemaHandle): Validate | undefined;
  operation(op: OperationIR): OperationValidator | undefined;
}

/** A schema planned for compilation: the name of the exported function that checks it. */
export interface SchemaHandle {
  exportName: string;
}

/**
 * Plans and compiles the generated validators (the codegen `validators` target, the same code the
 * generated servers and clients run) for what a pact check needs: the operations the pacts use
 * (their parameter checks) and any schema of the contract (a request or response body, a response
 * header, a message payload or headers, a provider state's params), each added as a named schema
 * so it gets an exported `validateX`. Compiled once per contract, in memory: the target's
 * statements are printed as a script without their types (`toScript`), and evaluated as a
 * function (no file written, nothing fetched).
 */
export class ValidatorPlan {
  readonly #schemas: NamedSchema[];
  readonly #taken: Set<string>;
  readonly #planned = new Map<string, NamedSchema>();
  readonly #named: ReadonlySet<string>;
  /** Named schemas checked directly (responses by ref). */
  readonly #used = new Set<string>();
  readonly #operations: OperationIR[] = [];
  #counter = 0;

  constructor(private readonly base: Pick<ApiIR, 'title' | 'version' | 'file' | 'schemas' | 'securitySchemes'>) {
    this.#schemas = [...base.schemas];
    this.#taken = new Set(base.schemas.flatMap((s) => [s.name, s.writableName ?? `${s.name}Writable`]));
    this.#named = new Set(base.schemas.map((s) => s.name));
  }

  /**
   * Plans a check of `schema` in a direction. A ref checked as a response is the named schema's own
   * `validateX`; anything else gets a named wrapper (shared by equal schemas: a description repeats
   * its error responses), exported in the directions asked for.
   */
  add(schema: SchemaIR, direction: Direction, origin = { file: this.base.file, pointer: '' }): SchemaHandle {
    const cache = direction === 'request' ? this.#requestHandles : this.#responseHandles;
    const known = cache.get(schema);
    if (known) return known;
    const handle = this.#add(schema, direction, origin);
    cache.set(schema, handle);
    return handle;
  }

  readonly #requestHandles = new WeakMap<SchemaIR, SchemaHandle>();
  readonly #responseHandles = new WeakMap<SchemaIR, SchemaHandle>();

  #add(schema: SchemaIR, direction: Direction, origin: { file: string; pointer: string }): SchemaHandle {
    if (schema.kind === 'ref' && direction === 'response' && this.#named.has(schema.name)) {
      this.#used.add(schema.name);
      return { exportName: `validate${schema.name}` };
    }
    const key = JSON.stringify(schema);
    let named = this.#planned.get(key);
    if (named === undefined) {
      let name: string;
      do name = `PactCheck${++this.#counter}`;
      while (this.#taken.has(name) || this.#taken.has(`${name}Writable`));
      this.#taken.add(name);
      named = { name, key: name, schema, directional: false, origin };
      this.#planned.set(key, named);
      this.#schemas.push(named);
    }
    if (direction === 'request' && !named.directional) {
      // Directional: the request check is exported as `validateXWritable`.
      named.directional = true;
      named.writableName = `${named.name}Writable`;
    }
    return { exportName: direction === 'request' ? `validate${named.writableName}` : `validate${named.name}` };
  }

  /** Plans the parameter checks of an operation. */
  addOperation(op: OperationIR): void {
    if (!this.#operations.includes(op)) this.#operations.push(op);
  }

  get empty(): boolean {
    return this.#planned.size === 0 && this.#used.size === 0 && this.#operations.length === 0;
  }

  /**
   * The named schemas the planned checks reach, and of those, the ones only responses reach made
   * one-directional: their request-side variant would never be called (a large description has
   * hundreds of such schemas; generating half the functions halves the compile).
   */
  #reachableSchemas(): NamedSchema[] {
    const wrappers = [...this.#planned.values()];
    const all = reachable(this.#schemas, [...wrappers.map((s) => s.name), ...this.#used], this.#operations);
    const requestSide = new Set(
      reachable(
        this.#schemas,
        wrappers.filter((s) => s.directional).map((s) => s.name),
        this.#operations,
      ).map((s) => s.name),
    );
    return all.map((s) => {
      if (!s.directional || requestSide.has(s.name)) return s;
      const { writableName: _, ...rest } = s;
      return { ...rest, directional: false };
    });
  }

  /**
   * Generates the validators module, prints it as a script (`toScript`) and evaluates it; with a
   * cache, reuses the code compiled for the same IR before (then neither is even loaded).
   */
  async compile(cache?: ValidatorCache): Promise<CompiledValidators> {
    const api: ApiIR = {
      title: this.base.title,
      version: this.base.version,
      file: this.base.file,
      servers: [],
      schemas: this.#reachableSchemas(),
      // Parameter checks only: bodies and responses are planned as schemas, by media type.
      operations: this.#operations.map(({ requestBody: _, ...op }) => ({ ...op, responses: [] })),
      securitySchemes: this.base.securitySchemes,
      document: {},
    };
    const key = cache?.key({ schemas: api.schemas, operations: api.operations, securitySchemes: api.securitySchemes });
    let code = key === undefined ? undefined : cache!.get(key);
    if (code === undefined) {
      // Loaded here: a cached run needs neither the generator nor the TypeScript compiler.
      const [{ TARGETS }, { default: ts }] = await Promise.all([import('@apilife/codegen'), import('typescript')]);
      const ctx = { api, contractPath: 'pact-check', regenerateCommand: 'apilife pact check' };
      const [file] = TARGETS.validators.build(ctx);
      code = toScript(ts, file!.statements);
      if (key !== undefined) cache!.set(key, code);
    }
    const module = { exports: {} as Record<string, unknown> };
    // The generated module imports nothing but re2js (RE2, for patterns that could backtrack).
    new Function('module', 'exports', 'require', code)(module, module.exports, (id: string) => {
      if (id !== 're2js') throw new Error(`the generated validators import ${id}`);
      return require('re2js');
    });
    const exports = module.exports;
    return {
      schema: ({ exportName }) => exports[exportName] as Validate | undefined,
      operation: (op) => exports[`${op.name}Validator`] as OperationValidator | undefined,
    };
  }
}

/**
 * The named schemas the planned checks reach through refs (the GitHub description has ~900; a
 * pact uses a few), so only those are generated.
 */
function reachable(all: NamedSchema[], roots: readonly string[], operations: readonly OperationIR[]): NamedSchema[] {
  const byName = new Map(all.map((s) => [s.name, s] as const));
  const keep = new Set<string>(roots);
  const stack: unknown[] = [...roots.map((n) => byName.get(n)?.schema), ...operations.map((op) => op.parameters)];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    const record = node as Record<string, unknown>;
    if (record.kind === 'ref' && typeof record.name === 'string' && !keep.has(record.name)) {
      keep.add(record.name);
      const target = byName.get(record.name);
      if (target) stack.push(target.schema);
    }
    for (const value of Object.values(record)) if (typeof value === 'object' && value !== null) stack.push(value);
  }
  return all.filter((s) => keep.has(s.name));
}
