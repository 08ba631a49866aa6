import type { NamedSchema, SchemaIR } from '@apilife/contract';
import { boundedRegExp } from '@apilife/contract/regex';
import type { ValidatorViolation } from '@apilife/runtime-server';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { DEFS_ID, defsDocument, toJsonSchema, type Direction } from './json-schema.ts';

// ajv-formats is CommonJS: its default import is `module.exports`, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

/** Validates values against the IR's schemas with one ajv instance; each distinct schema compiles once, when first used. */
export interface SchemaValidators {
  /** Adds the violations of `value` to `errors` (pointers prefixed with `pointer`); `true` when there are none. */
  validate(
    schema: SchemaIR,
    direction: Direction,
    value: unknown,
    errors: ValidatorViolation[],
    extra?: Partial<ValidatorViolation>,
  ): boolean;
}

/**
 * The validators of one contract. Patterns run in bounded time (`boundedRegExp`); the named
 * schemas are registered once and compiled lazily, so a 13 MB contract starts without compiling
 * what no request uses.
 * @example
 * const validators = createSchemaValidators(api.schemas);
 * const errors = [];
 * validators.validate({ kind: 'string', format: 'uuid' }, 'request', 'x', errors); // false
 */
export function createSchemaValidators(schemas: readonly NamedSchema[]): SchemaValidators {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    validateSchema: false,
    logger: false,
    inlineRefs: false,
    code: { optimize: false, regExp: boundedRegExp },
  });
  addFormats(ajv);
  ajv.addSchema(defsDocument(schemas), DEFS_ID);
  const byName = new Map(schemas.map((s) => [s.name, s]));
  const compiled = new WeakMap<SchemaIR, Partial<Record<Direction, ValidateFunction | null>>>();
  const byText = new Map<string, ValidateFunction | null>();

  const compile = (schema: SchemaIR, direction: Direction): ValidateFunction | null => {
    let entry = compiled.get(schema);
    if (!entry) compiled.set(schema, (entry = {}));
    let validate = entry[direction];
    if (validate !== undefined) return validate;
    const json = toJsonSchema(schema, direction, byName);
    const text = JSON.stringify(json);
    validate = byText.get(text);
    if (validate === undefined) {
      try {
        validate = ajv.compile(json);
      } catch {
        // a schema ajv cannot compile (an unresolvable construct) accepts everything, as lint reports it
        validate = null;
      }
      byText.set(text, validate);
    }
    entry[direction] = validate;
    return validate;
  };

  return {
    validate(schema, direction, value, errors, extra = {}) {
      const validate = compile(schema, direction);
      if (!validate || validate(value)) return true;
      for (const error of validate.errors ?? []) errors.push({ ...violation(error), ...extra });
      return false;
    },
  };
}

/** An ajv error as the runtime's violation: the pointer names the offending member itself. */
function violation(error: ErrorObject): ValidatorViolation {
  const params = error.params as Record<string, unknown>;
  const member = (name: unknown) => `${error.instancePath}/${String(name).replace(/~/g, '~0').replace(/\//g, '~1')}`;
  if (error.keyword === 'required') return { pointer: member(params.missingProperty), keyword: 'required', message: 'is required' };
  if (error.keyword === 'additionalProperties')
    return { pointer: member(params.additionalProperty), keyword: 'additionalProperties', message: 'is not allowed' };
  return { pointer: error.instancePath, keyword: error.keyword, message: error.message ?? 'is invalid' };
}
