import { createRequire } from 'node:module';
import { boundedRegExp } from '@apilife/contract/regex';
import type { RulesetFunctionContext } from '@stoplight/spectral-core';
import { detectDialect, extractDraftVersion, oas2, oas3_0, oas3_1, oas3_2 } from '@stoplight/spectral-formats';

/**
 * Validates one example the way Spectral's `oasSchema` → `schema` functions do (same ajv, same
 * ajv-formats, same error wording through better-ajv-errors, loaded from Spectral's own
 * dependency tree so the versions can't drift), with two changes that don't alter results:
 * validators are cached by the caller, and ajv compiles without its code-optimisation pass,
 * which costs half of the compile time on large inline schemas.
 */
const spectralRequire = createRequire(createRequire(import.meta.url).resolve('@stoplight/spectral-functions'));
type AjvError = { keyword: string; instancePath: string; schemaPath: string; params: Record<string, unknown>; message?: string };
type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
type AjvInstance = { compile(schema: object): Validator; addSchema(schema: object): void };
type AjvClass = new (options: object) => AjvInstance;

const load = <T>(id: string): T => {
  const module = spectralRequire(id) as { default?: T };
  return (module.default ?? module) as T;
};
const AjvDefault = load<AjvClass>('ajv');
const Ajv2019 = load<AjvClass>('ajv/dist/2019');
const Ajv2020 = load<AjvClass>('ajv/dist/2020');
const AjvDraft4 = load<AjvClass>('ajv-draft-04');
const addFormats = load<(ajv: AjvInstance) => void>('ajv-formats');
const betterAjvErrors =
  load<(schema: object, errors: AjvError[], options: object) => { suggestion?: string; error: string; path: string }[]>(
    '@stoplight/better-ajv-errors',
  );
const RefError = load<new (...args: never[]) => Error>('ajv/dist/compile/ref_error');
const draft6 = spectralRequire('ajv/dist/refs/json-schema-draft-06.json') as object;
const draft4 = spectralRequire('./schema/draft4.json') as object;

const quietLogger = {
  warn(...args: unknown[]) {
    if (typeof args[0] === 'string' && args[0].startsWith('unknown format')) return;
    console.warn(...args);
  },
  log: console.log,
  error: console.error,
};

const CLASSES: Record<string, AjvClass> = { auto: AjvDefault, draft4: AjvDraft4, 'draft2019-09': Ajv2019, 'draft2020-12': Ajv2020 };

/** One set of ajv instances and compiled validators per linted document. */
export class ExampleValidator {
  readonly #instances = new Map<string, AjvInstance>();
  readonly #compiled = new WeakMap<object, Map<string, Validator>>();

  #ajv(dialect: string): AjvInstance {
    const key = CLASSES[dialect] ? dialect : 'auto';
    let ajv = this.#instances.get(key);
    if (!ajv) {
      const Ajv = CLASSES[key]!;
      ajv = new Ajv({
        allErrors: false,
        meta: true,
        messages: true,
        strict: false,
        allowUnionTypes: true,
        logger: quietLogger,
        unicodeRegExp: false,
        code: { optimize: false, regExp: boundedRegExp },
      });
      addFormats(ajv);
      if (Ajv === AjvDefault) {
        ajv.addSchema(draft4);
        ajv.addSchema(draft6);
      }
      this.#instances.set(key, ajv);
    }
    return ajv;
  }

  /** Spectral's `oasSchema(value, { schema }, context)`, result for result. */
  validate(
    value: unknown,
    schema: Record<string, unknown>,
    path: (string | number)[],
    context: RulesetFunctionContext,
  ): { message: string; path: (string | number)[] }[] {
    const formats = context.document.formats;
    let dialect = 'draft4';
    let nullable = false;
    if (!formats) dialect = 'auto';
    else if (formats.has(oas3_2) || formats.has(oas3_1)) {
      const data = context.document.data as Record<string, unknown> | null;
      dialect =
        data && typeof data.jsonSchemaDialect === 'string'
          ? (extractDraftVersion(data.jsonSchemaDialect) ?? 'draft2020-12')
          : 'draft2020-12';
    } else if (formats.has(oas3_0)) nullable = true;
    else if (formats.has(oas2)) throw new Error('OAS 2 examples are validated by Spectral itself');
    if (value === undefined) return [{ path, message: '#{{print("property")}}must exist' }];
    try {
      const resolvedDialect = dialect === 'auto' ? (detectDialect(schema) ?? 'draft7') : dialect;
      const validator = this.#validator(schema, resolvedDialect);
      if (validator(value) !== false || !Array.isArray(validator.errors)) return [];
      const errors = validator.errors;
      if (nullable) rewriteNullable(schema, errors);
      const unmatched = new Map<string, string>();
      for (const { keyword, instancePath, params } of errors) {
        if ((keyword === 'oneOf' || keyword === 'anyOf') && !Array.isArray(params.passingSchemas)) unmatched.set(instancePath, keyword);
      }
      return betterAjvErrors(schema, errors, { propertyPath: path, targetValue: value }).map(({ suggestion, error, path: errorPath }) => ({
        message: describeCombinator(
          describeArrayItem(suggestion !== undefined ? `${error}. ${suggestion}` : error, errorPath),
          unmatched.get(errorPath),
        ),
        path: [...path, ...(errorPath !== '' ? errorPath.replace(/^\//, '').split('/') : [])],
      }));
    } catch (error) {
      if (!(error instanceof Error)) throw new Error('Unexpected error');
      if (context.rule?.resolved && error instanceof RefError) return [];
      return [{ message: error.message, path }];
    }
  }

  #validator(schema: object, dialect: string): Validator {
    const ajv = this.#ajv(dialect);
    let byDialect = this.#compiled.get(schema);
    if (!byDialect) this.#compiled.set(schema, (byDialect = new Map()));
    let validator = byDialect.get(dialect);
    if (!validator) byDialect.set(dialect, (validator = ajv.compile(schema)));
    return validator;
  }
}

function rewriteNullable(schema: Record<string, unknown>, errors: AjvError[]): void {
  for (const error of errors) {
    if (error.keyword !== 'type') continue;
    const segments = error.schemaPath
      .replace(/^#/, '')
      .split('/')
      .slice(1, -1)
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
    let node: unknown = schema;
    for (const segment of segments)
      node = node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[segment] : undefined;
    if (node !== null && typeof node === 'object' && (node as Record<string, unknown>).nullable === true) error.message += ',null';
  }
}

function describeArrayItem(message: string, errorPath: string): string {
  const index = errorPath.split('/').pop();
  if (index === undefined || !/^\d+$/.test(index)) return message;
  const typePrefix = `"${index}" property type`;
  if (message.startsWith(typePrefix)) return `Item at index ${index}${message.slice(typePrefix.length)}`;
  const prefix = `"${index}" property`;
  return message.startsWith(prefix) ? `Item at index ${index}${message.slice(prefix.length)}` : message;
}

function describeCombinator(message: string, keyword: string | undefined): string {
  return keyword !== undefined && message.endsWith(` in ${keyword}`)
    ? `${message}. None of the schemas matched, see the other errors reported for this value`
    : message;
}
