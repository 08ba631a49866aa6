import type { NamedSchema, OperationIR, ParameterIR, SchemaIR } from '@apilife/contract';
import type { OperationValidator, RawParameters, ValidatedParameters, ValidatorViolation } from '@apilife/runtime-server';
import type { SchemaValidators } from './schema-validators.ts';

const WHERE = { path: 'path', query: 'query', header: 'headers', cookie: 'cookies' } as const;

/**
 * The validator `createApiServer` calls for one operation, built at startup from the IR instead
 * of generated: parameters are read from their text (`simple`/`form` styles, arrays and the
 * scalar types coerced) and validated with their schemas, the body with its JSON media type's
 * schema (request direction: readOnly properties are not required). Responses are not checked:
 * the mock makes them.
 */
export function operationValidator(
  op: OperationIR,
  schemas: ReadonlyMap<string, NamedSchema>,
  validators: SchemaValidators,
): OperationValidator {
  const body = op.requestBody?.contents.find((m) => m.json)?.schema;
  return {
    requestMediaTypes: op.requestBody?.contents.map((m) => m.mediaType) ?? [],
    bodyRequired: op.requestBody?.required ?? false,
    parameters(raw: RawParameters, errors: ValidatorViolation[]): ValidatedParameters {
      const out: ValidatedParameters = { path: {}, query: {}, headers: {}, cookies: {} };
      for (const p of op.parameters) {
        const text = rawValue(raw, p);
        const extra = { in: p.in, parameter: p.name };
        if (text === undefined) {
          if (p.required) errors.push({ pointer: '', keyword: 'required', message: 'is required', ...extra });
          continue;
        }
        const value = coerce(text, p, resolve(p.schema, schemas), schemas);
        validators.validate(p.schema, 'request', value, errors, extra);
        out[WHERE[p.in]][p.name] = value;
      }
      return out;
    },
    body(value: unknown, errors: ValidatorViolation[]): boolean {
      if (!body || typeof value === 'string' || value instanceof Uint8Array) return true;
      return validators.validate(body, 'request', value, errors);
    },
    response: () => true,
  };
}

function rawValue(raw: RawParameters, p: ParameterIR): string | string[] | undefined {
  switch (p.in) {
    case 'path':
      return raw.path[p.name];
    case 'query': {
      const values = raw.query[p.name];
      return values === undefined || values.length === 0 ? undefined : values;
    }
    case 'header':
      return raw.headers[p.name.toLowerCase()];
    case 'cookie':
      return raw.cookies[p.name];
  }
}

/** A named schema's target (a few hops at most), for deciding how a parameter's text is read. */
function resolve(schema: SchemaIR, schemas: ReadonlyMap<string, NamedSchema>): SchemaIR {
  for (let i = 0; i < 8 && schema.kind === 'ref'; i++) schema = schemas.get(schema.name)?.schema ?? { kind: 'any' };
  return schema;
}

/** Text to the parameter schema's type: arrays split by the style, numbers and booleans parsed when they read as such. */
function coerce(text: string | string[], p: ParameterIR, schema: SchemaIR, schemas: ReadonlyMap<string, NamedSchema>): unknown {
  if (schema.kind === 'array') {
    const items = Array.isArray(text) ? (p.explode ? text : text.flatMap((t) => t.split(delimiter(p)))) : text.split(delimiter(p));
    const item = resolve(schema.items, schemas);
    return items.map((t) => scalar(t, item));
  }
  const one = Array.isArray(text) ? (text.length === 1 ? text[0]! : text) : text;
  return typeof one === 'string' ? scalar(one, schema) : one;
}

function delimiter(p: ParameterIR): string {
  return p.style === 'spaceDelimited' ? ' ' : p.style === 'pipeDelimited' ? '|' : ',';
}

function scalar(text: string, schema: SchemaIR): unknown {
  const kinds = schema.kind === 'union' ? schema.variants.map((v) => v.kind) : [schema.kind];
  if ((kinds.includes('integer') || kinds.includes('number')) && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (kinds.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  if (kinds.includes('null') && text === 'null') return null;
  if (schema.kind === 'enum' && !schema.values.includes(text)) {
    const parsed = schema.values.find((v) => typeof v !== 'string' && String(v) === text);
    if (parsed !== undefined) return parsed;
  }
  return text;
}
