import { createRequire } from 'node:module';
import type { ApiIR, NamedSchema, OperationIR, SchemaIR } from '@apilife/contract';
import { printFile, TARGETS } from '@apilife/codegen';
import { transformSync } from 'esbuild';

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
  schema(handle: SchemaHandle): Validate;
  operation(op: OperationIR): OperationValidator | undefined;
}

/** A schema planned for compilation, and the direction it is checked in. */
export interface SchemaHandle {
  name: string;
  direction: Direction;
}

const require = createRequire(import.meta.url);

/**
 * Plans and compiles the generated validators (the codegen `validators` target, the same code the
 * generated servers and clients run) for what a pact check needs: the operations the pacts use
 * (their parameter checks) and any schema of the contract (a request or response body, a response
 * header, a message payload or headers, a provider state's params), each added as a named schema
 * so it gets an exported `validateX`. Compiled once per contract, in memory: the target's
 * statements are printed, esbuild strips the types, and the module is evaluated as a function
 * (no file written, nothing fetched).
 */
export class ValidatorPlan {
  readonly #schemas: NamedSchema[];
  readonly #taken: Set<string>;
  readonly #planned = new Map<SchemaIR, string>();
  readonly #operations: OperationIR[] = [];
  #counter = 0;

  constructor(private readonly base: Pick<ApiIR, 'title' | 'version' | 'file' | 'schemas' | 'securitySchemes'>) {
    this.#schemas = [...base.schemas];
    this.#taken = new Set(base.schemas.flatMap((s) => [s.name, s.writableName ?? `${s.name}Writable`]));
  }

  /** Plans a check of `schema` in a direction; planning the same schema object twice plans it once. */
  add(schema: SchemaIR, direction: Direction, origin = { file: this.base.file, pointer: '' }): SchemaHandle {
    let name = this.#planned.get(schema);
    if (name === undefined) {
      do name = `PactCheck${++this.#counter}`;
      while (this.#taken.has(name) || this.#taken.has(`${name}Writable`));
      this.#taken.add(name);
      this.#planned.set(schema, name);
      // Directional, so both the response check (`validateX`) and the request check (`validateXWritable`) are exported.
      this.#schemas.push({ name, key: name, schema, directional: true, writableName: `${name}Writable`, origin });
    }
    return { name, direction };
  }

  /** Plans the parameter checks of an operation. */
  addOperation(op: OperationIR): void {
    if (!this.#operations.includes(op)) this.#operations.push(op);
  }

  get empty(): boolean {
    return this.#planned.size === 0 && this.#operations.length === 0;
  }

  /** Generates, prints, strips and evaluates the validators module. */
  compile(): CompiledValidators {
    const api: ApiIR = {
      title: this.base.title,
      version: this.base.version,
      file: this.base.file,
      servers: [],
      schemas: reachable(this.#schemas, this.#planned, this.#operations),
      // Parameter checks only: bodies and responses are planned as schemas, by media type.
      operations: this.#operations.map(({ requestBody: _, ...op }) => ({ ...op, responses: [] })),
      securitySchemes: this.base.securitySchemes,
      document: {},
    };
    const ctx = { api, contractPath: 'pact-check', regenerateCommand: 'apilife pact check' };
    const [file] = TARGETS.validators.build(ctx);
    const source = printFile(file!, ctx).content;
    const { code } = transformSync(source, { loader: 'ts', format: 'cjs', target: 'es2022' });
    const module = { exports: {} as Record<string, unknown> };
    // The generated module imports nothing but re2js (RE2, for patterns that could backtrack).
    new Function('module', 'exports', 'require', code)(module, module.exports, (id: string) => {
      if (id !== 're2js') throw new Error(`the generated validators import ${id}`);
      return require('re2js');
    });
    const exports = module.exports;
    return {
      schema: ({ name, direction }) => exports[`validate${direction === 'request' ? `${name}Writable` : name}`] as Validate,
      operation: (op) => exports[`${op.name}Validator`] as OperationValidator | undefined,
    };
  }
}

/**
 * The named schemas the planned checks reach through refs (the GitHub description has ~900; a
 * pact uses a few), so only those are generated.
 */
function reachable(all: NamedSchema[], planned: ReadonlyMap<SchemaIR, string>, operations: readonly OperationIR[]): NamedSchema[] {
  const byName = new Map(all.map((s) => [s.name, s] as const));
  const keep = new Set<string>(planned.values());
  const stack: unknown[] = [...[...planned.values()].map((n) => byName.get(n)!.schema), ...operations.map((op) => op.parameters)];
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
