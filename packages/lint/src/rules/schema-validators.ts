import { isObject, type ContractDocument, type Located, type RefResolver } from '@apilife/contract';
import { boundedRegExp } from '@apilife/contract/regex';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { locationKey, SCHEMA_KEYWORDS, SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS } from './schema-walk.ts';

// ajv-formats is CommonJS: its default import is `module.exports`, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

/**
 * Which side of an exchange a value is on: in a request `readOnly` properties may be left out,
 * in a response `writeOnly` ones; `plain` applies the schema as written.
 */
export type SchemaVariant = 'request' | 'response' | 'plain';

/** Keywords that only annotate (or that ajv would misread as JSON Schema): left out of compiled copies. */
const DROPPED = new Set([
  '$id',
  '$schema',
  '$anchor',
  '$dynamicAnchor',
  '$dynamicRef',
  '$comment',
  'description',
  'title',
  'example',
  'examples',
  'discriminator',
  'xml',
  'externalDocs',
  'nullable',
  'deprecated',
]);
const BASE = 'https://schemas.apilife.invalid/';

/**
 * Validates values against contract schemas with ajv (JSON Schema 2020-12). Each distinct schema
 * (by file, path and variant) is copied once into a self-contained form — `$ref`s rewritten to
 * ids registered with ajv, so recursive schemas compile without looping — and compiled once;
 * copies with the same content (`{ type: string, format: uuid }` on a thousand properties) share
 * one validator. OpenAPI 3.0 `nullable` and boolean `exclusiveMinimum`/`exclusiveMaximum` are translated.
 */
export class SchemaValidators {
  readonly #ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    validateSchema: false,
    logger: false,
    inlineRefs: false,
    code: { optimize: false, regExp: boundedRegExp },
  });
  readonly #ids = new Map<string, string>();
  readonly #copies = new Map<string, unknown>();
  readonly #validators = new Map<string, ValidateFunction | null>();
  readonly #byContent = new Map<string, ValidateFunction | null>();
  readonly #openapi30: boolean;
  /** Whether any file of the contract says `readOnly` / `writeOnly`: without them a variant is the plain schema. */
  readonly #flags: { readOnly: boolean; writeOnly: boolean };

  constructor(
    private readonly resolver: RefResolver,
    document: ContractDocument,
  ) {
    addFormats(this.#ajv);
    this.#openapi30 = document.kind === 'openapi' && document.specVersion.startsWith('3.0');
    const texts = [...document.files.values()].map((f) => f.text);
    this.#flags = { readOnly: texts.some((t) => t.includes('readOnly')), writeOnly: texts.some((t) => t.includes('writeOnly')) };
  }

  /** Errors of `value` against the schema; `undefined` when the schema cannot be compiled (other rules report that). */
  validate(schema: Located, variant: SchemaVariant, value: unknown): ErrorObject[] | undefined {
    const id = this.#register(schema, variant);
    let validate = this.#validators.get(id);
    if (validate === undefined) {
      const content = JSON.stringify(this.#copies.get(id));
      validate = this.#byContent.get(content);
      if (validate === undefined) {
        try {
          validate = this.#ajv.getSchema(id) ?? null;
        } catch {
          validate = null;
        }
        this.#byContent.set(content, validate);
      }
      this.#validators.set(id, validate);
    }
    if (!validate) return undefined;
    return validate(value) ? [] : [...(validate.errors ?? [])];
  }

  /** The ajv id of a schema in a variant, registering its copy on first sight (before copying, so cycles end). */
  #register(schema: Located, variant: SchemaVariant): string {
    if ((variant === 'request' && !this.#flags.readOnly) || (variant === 'response' && !this.#flags.writeOnly)) variant = 'plain';
    const key = `${variant}:${locationKey(schema)}`;
    let id = this.#ids.get(key);
    if (id !== undefined) return id;
    id = `${BASE}${this.#ids.size}`;
    this.#ids.set(key, id);
    const copy = this.#copy(schema.value, schema.file, variant);
    this.#copies.set(id, copy);
    this.#ajv.addSchema(copy as object, id);
    return id;
  }

  #copy(node: unknown, file: string, variant: SchemaVariant): unknown {
    if (typeof node === 'boolean') return node;
    if (!isObject(node)) return true;
    let ref: string | undefined;
    if (typeof node.$ref === 'string') {
      const target = this.resolver.follow(node.$ref, file);
      // An unresolvable $ref accepts anything (the loader reports it); in OpenAPI 3.0 siblings of $ref are ignored.
      if (!target) return true;
      ref = this.#register(target, variant);
      if (this.#openapi30 || Object.keys(node).length === 1) return { $ref: ref };
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref') out.$ref = ref;
      else if (DROPPED.has(key) || key.startsWith('x-')) continue;
      else if (key === 'items' && Array.isArray(value)) out.prefixItems = value.map((v) => this.#copy(v, file, variant));
      else if (SCHEMA_KEYWORDS.has(key) && !Array.isArray(value)) out[key] = this.#copy(value, file, variant);
      else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) out[key] = value.map((v) => this.#copy(v, file, variant));
      else if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([name, v]) => [name, this.#copy(v, file, variant)]));
      } else out[key] = value;
    }
    if (variant !== 'plain') this.#hideProperties(node, out, file, variant === 'request' ? 'readOnly' : 'writeOnly');
    return this.#openapi30 ? fromOpenApi30(node, out) : out;
  }

  /** `readOnly` properties in a request (`writeOnly` in a response) may be absent and are not checked. */
  #hideProperties(node: Record<string, unknown>, out: Record<string, unknown>, file: string, flag: 'readOnly' | 'writeOnly'): void {
    if (!isObject(node.properties) || !isObject(out.properties)) return;
    const hidden = new Set<string>();
    for (const [name, property] of Object.entries(node.properties)) {
      if (!isObject(property)) continue;
      const target = typeof property.$ref === 'string' ? this.resolver.deref({ value: property, file, path: [] }).value : property;
      if (property[flag] === true || (isObject(target) && target[flag] === true)) hidden.add(name);
    }
    if (hidden.size === 0) return;
    for (const name of hidden) out.properties[name] = true;
    if (Array.isArray(out.required)) out.required = out.required.filter((name) => !hidden.has(String(name)));
  }
}

/** OpenAPI 3.0 → JSON Schema 2020-12: `nullable: true` and boolean exclusive bounds. */
function fromOpenApi30(node: Record<string, unknown>, out: Record<string, unknown>): Record<string, unknown> {
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof node[flag] !== 'boolean') continue;
    if (node[flag] === true && typeof node[bound] === 'number') {
      out[flag] = node[bound];
      delete out[bound];
    } else delete out[flag];
  }
  if (node.nullable !== true) return out;
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  else if (out.type === undefined) return { anyOf: [{ type: 'null' }, out] };
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}
