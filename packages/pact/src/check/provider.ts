import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  buildStandaloneSchemaIR,
  createPlacer,
  InputError,
  loadIR,
  plainCursor,
  readOn,
  readProviderStates,
  type ApiIR,
  type MessagingApiIR,
  type OperationIR,
  type Placer,
  type SchemaIR,
} from '@apilife/contract';
import { ValidatorPlan, type CompiledValidators, type Direction, type Validate } from './compile.ts';
import { HttpRouter } from './http-router.ts';
import type { ValidatorCache } from './validator-cache.ts';
import { SchemaWalker } from './schema-walk.ts';

/** A provider state a contract declares, with the check of its params (when it declares params). */
export interface DeclaredState {
  name: string;
  description?: string;
  /** The contract file and JSON pointer of the declaration. */
  file: string;
  pointer: string;
  params?: { schema: SchemaIR; walker: SchemaWalker; validate(): Validate | undefined };
}

/** Where contract files are looked for in a provider's folder. */
const OPENAPI_FILES = ['openapi.yaml', 'openapi.yml', 'openapi.json'];
const ASYNCAPI_FILES = ['asyncapi.yaml', 'asyncapi.yml', 'asyncapi.json'];

/** A provider's name is one folder name: no separators, no `..`, no control characters. */
const SAFE_NAME = /^(?!\.\.?$)[^/\\\u0000-\u001f\u007f]{1,200}$/;

export interface LoadProviderOptions {
  allowRefs?: string[];
}

/**
 * A provider's contracts, loaded once through `loadIR` (the IR every generator works from): the
 * OpenAPI contract for HTTP interactions, the AsyncAPI contract for messages, the provider states
 * either declares (`x-provider-states`), and the generated validators of what the pacts use,
 * compiled once (`plan…`, then `compile`).
 */
export class ProviderContracts {
  http?: { api: ApiIR; file: string; router: HttpRouter; walker: SchemaWalker };
  messaging?: { api: MessagingApiIR; file: string; walker: SchemaWalker };
  /** Declared provider states by name; `undefined` when neither contract declares any. */
  states?: Map<string, DeclaredState>;
  readonly placer: Placer = createPlacer();
  readonly #httpPlan?: ValidatorPlan;
  readonly #messagePlan?: ValidatorPlan;
  readonly #statePlans: { plan: ValidatorPlan; compiled?: CompiledValidators }[] = [];
  #http?: CompiledValidators;
  #messages?: CompiledValidators;

  private constructor(
    readonly name: string,
    readonly folder: string,
    http?: ApiIR,
    messaging?: MessagingApiIR,
  ) {
    if (http) {
      this.http = { api: http, file: http.file, router: new HttpRouter(http), walker: new SchemaWalker(http.schemas) };
      this.#httpPlan = new ValidatorPlan(http);
    }
    if (messaging) {
      this.messaging = { api: messaging, file: messaging.file, walker: new SchemaWalker(messaging.schemas) };
      this.#messagePlan = new ValidatorPlan({ ...messaging, securitySchemes: [] });
    }
  }

  /**
   * Loads `<root>/<provider>/openapi.yaml` and `asyncapi.yaml` (either may be absent, not both).
   * An unknown provider or a contract apilife cannot read is an `InputError` (exit 2).
   */
  static async load(root: string, provider: string, options: LoadProviderOptions = {}): Promise<ProviderContracts> {
    const folder = resolve(root, provider);
    const known = () => listProviders(root);
    if (!SAFE_NAME.test(provider) || !existsSync(folder) || !statSync(folder).isDirectory()) {
      const names = known();
      throw new InputError(
        `unknown provider ${JSON.stringify(provider).slice(0, 80)}: no folder ${JSON.stringify(provider).slice(0, 80)} under the contracts root ${root}${names.length > 0 ? ` (providers: ${names.join(', ')})` : ''}`,
        root,
        { code: 'provider-unknown' },
      );
    }
    const openapi = OPENAPI_FILES.map((f) => join(folder, f)).find((f) => existsSync(f));
    const asyncapi = ASYNCAPI_FILES.map((f) => join(folder, f)).find((f) => existsSync(f));
    if (!openapi && !asyncapi)
      throw new InputError(`unknown provider "${provider}": ${folder} has no openapi.yaml or asyncapi.yaml`, folder, {
        code: 'provider-unknown',
      });
    const irOptions = { root, allowRefs: options.allowRefs ?? [] };
    const http = openapi ? await loadIR(openapi, irOptions) : undefined;
    const messaging = asyncapi ? await loadIR(asyncapi, irOptions) : undefined;
    if (http && http.kind !== 'openapi')
      throw new InputError(`${openapi}: expected an OpenAPI 3.0/3.1 contract here`, openapi, { code: 'unsupported-contract' });
    if (messaging && messaging.kind !== 'asyncapi')
      throw new InputError(`${asyncapi}: expected an AsyncAPI 2.0–2.6/3.0 contract here`, asyncapi, { code: 'unsupported-contract' });
    const contracts = new ProviderContracts(provider, folder, http?.api, messaging?.messaging);
    for (const loaded of [http, messaging]) if (loaded) contracts.placer.know(loaded.sources);
    contracts.#readStates();
    return contracts;
  }

  /** `x-provider-states` of both contracts, merged (a state is about the provider's data, whichever interface shows it). */
  #readStates(): void {
    for (const contract of [this.http?.api, this.messaging?.api]) {
      if (!contract) continue;
      const document = contract.document;
      const states = readProviderStates(plainCursor, { value: document, path: '' }, readOn);
      if (!states) continue;
      this.states ??= new Map();
      const withParams = [...states.values()].filter((s) => s.params !== undefined);
      let plan: ValidatorPlan | undefined;
      let roots: Map<string, SchemaIR> | undefined;
      let walker: SchemaWalker | undefined;
      if (withParams.length > 0) {
        // One standalone schema holding every state's params, its refs resolved in the document's components.
        const root = {
          type: 'object',
          properties: Object.fromEntries(withParams.map((s) => [s.name, s.params!.value])),
          components: document.components ?? {},
        };
        const built = buildStandaloneSchemaIR(root, contract.file);
        plan = new ValidatorPlan({
          title: 'provider states',
          version: '1',
          file: contract.file,
          schemas: built.schemas,
          securitySchemes: [],
        });
        walker = new SchemaWalker(built.schemas);
        roots = new Map();
        if (built.root.kind === 'object') for (const p of built.root.properties) roots.set(p.name, p.schema);
      }
      const entry: { plan: ValidatorPlan; compiled?: CompiledValidators } | undefined = plan ? { plan } : undefined;
      if (entry) this.#statePlans.push(entry);
      for (const state of states.values()) {
        if (this.states.has(state.name)) continue;
        const declared: DeclaredState = { name: state.name, file: contract.file, pointer: state.at.path };
        if (state.description !== undefined) declared.description = state.description;
        const schema = roots?.get(state.name);
        if (schema && entry && walker) {
          const handle = entry.plan.add(schema, 'request');
          declared.params = {
            schema,
            walker,
            validate: () => {
              return entry.compiled?.schema(handle);
            },
          };
        }
        this.states.set(state.name, declared);
      }
    }
  }

  /** Plans every check of an HTTP operation: its parameters, request and response bodies by media type, response headers. */
  planOperation(op: OperationIR): void {
    const plan = this.#httpPlan;
    if (!plan) return;
    plan.addOperation(op);
    for (const media of op.requestBody?.contents ?? []) if (media.json) plan.add(media.schema, 'request');
    for (const response of op.responses) {
      for (const media of response.contents) if (media.json) plan.add(media.schema, 'response');
      for (const header of response.headers) plan.add(header.schema, 'response');
    }
  }

  /** Plans the payload and headers checks of every message of the AsyncAPI contract. */
  planMessages(): void {
    const plan = this.#messagePlan;
    if (!plan || !this.messaging) return;
    for (const message of this.messaging.api.messages) {
      plan.add(message.payload, 'response');
      if (message.headers) plan.add(message.headers, 'response');
    }
  }

  /** Compiles what was planned (once), through the cache when one is given. */
  async compile(cache?: ValidatorCache): Promise<void> {
    if (this.#httpPlan && !this.#httpPlan.empty) this.#http = await this.#httpPlan.compile(cache);
    if (this.#messagePlan && !this.#messagePlan.empty) this.#messages = await this.#messagePlan.compile(cache);
    for (const entry of this.#statePlans) entry.compiled = await entry.plan.compile(cache);
  }

  /** The generated check of an HTTP schema that was planned. */
  httpSchema(schema: SchemaIR, direction: Direction): Validate | undefined {
    if (!this.#http || !this.#httpPlan) return undefined;
    return this.#http.schema(this.#httpPlan.add(schema, direction));
  }

  httpOperation(op: OperationIR) {
    return this.#http?.operation(op);
  }

  /** The generated check of a message schema. */
  messageSchema(schema: SchemaIR, direction: Direction): Validate | undefined {
    if (!this.#messages || !this.#messagePlan) return undefined;
    return this.#messages.schema(this.#messagePlan.add(schema, direction));
  }
}

/** The service folders under the contracts root that hold a contract. */
export function listProviders(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && [...OPENAPI_FILES, ...ASYNCAPI_FILES].some((f) => existsSync(join(root, d.name, f))))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}
