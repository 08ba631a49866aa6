import type { NamedSchema, SchemaIR } from '@apilife/contract';

/**
 * The IR's schemas as JSON Schema 2020-12, for ajv: every named schema once under `$defs` (twice,
 * `request` and `response`, when it has readOnly or writeOnly properties), `ref` nodes as `$ref`s
 * into them. The IR has already settled OpenAPI 3.0's `nullable` and boolean bounds, so 3.0 and
 * 3.1 contracts validate alike, as the generated validators do.
 */

/** Which side of an exchange a value is on: a readOnly property is not required in a request, a writeOnly one not in a response. */
export type Direction = 'request' | 'response';

/** The id of the document holding every named schema. */
export const DEFS_ID = 'https://mock.apilife.invalid/defs';

/** The `$defs` key of a named schema as seen from one direction. */
export function defKey(named: NamedSchema | undefined, name: string, direction: Direction): string {
  return named?.directional ? `${name}.${direction}` : name;
}

/** The document of every named schema, to register with ajv under `DEFS_ID`. */
export function defsDocument(schemas: readonly NamedSchema[]): Record<string, unknown> {
  const byName = new Map(schemas.map((s) => [s.name, s]));
  const defs: Record<string, unknown> = {};
  for (const named of schemas) {
    for (const direction of named.directional ? (['request', 'response'] as const) : (['response'] as const))
      defs[defKey(named, named.name, direction)] = toJsonSchema(named.schema, direction, byName);
  }
  return { $id: DEFS_ID, $defs: defs };
}

/**
 * One schema as JSON Schema, its `ref`s pointing into `DEFS_ID`.
 * @example
 * toJsonSchema({ kind: 'string', format: 'uuid' }, 'request', new Map()); // { type: 'string', format: 'uuid' }
 */
export function toJsonSchema(schema: SchemaIR, direction: Direction, byName: ReadonlyMap<string, NamedSchema>): Record<string, unknown> {
  const to = (s: SchemaIR) => toJsonSchema(s, direction, byName);
  switch (schema.kind) {
    case 'ref':
      return { $ref: `${DEFS_ID}#/$defs/${encodeURIComponent(defKey(byName.get(schema.name), schema.name, direction))}` };
    case 'any':
      return {};
    case 'never':
      return { not: {} };
    case 'null':
    case 'boolean':
      return { type: schema.kind };
    case 'string':
      return defined({
        type: 'string',
        format: schema.format,
        minLength: schema.minLength,
        maxLength: schema.maxLength,
        pattern: schema.pattern,
      });
    case 'number':
    case 'integer': {
      const int32 = schema.format === 'int32';
      return defined({
        type: schema.kind,
        minimum: schema.minimum ?? (int32 ? -2_147_483_648 : undefined),
        maximum: schema.maximum ?? (int32 ? 2_147_483_647 : undefined),
        exclusiveMinimum: schema.exclusiveMinimum,
        exclusiveMaximum: schema.exclusiveMaximum,
        multipleOf: schema.multipleOf,
      });
    }
    case 'array':
      return defined({
        type: 'array',
        prefixItems: schema.prefixItems?.map(to),
        items: schema.items.kind === 'any' ? undefined : to(schema.items),
        minItems: schema.minItems,
        maxItems: schema.maxItems,
        uniqueItems: schema.uniqueItems,
      });
    case 'object': {
      const properties: Record<string, unknown> = {};
      const required: string[] = [];
      for (const p of schema.properties) {
        properties[p.name] = to(p.schema);
        const sideOnly = direction === 'request' ? p.readOnly : p.writeOnly;
        if (p.required && !sideOnly) required.push(p.name);
      }
      required.push(...(schema.requiredOnly ?? []));
      return defined({
        type: 'object',
        properties,
        required: required.length > 0 ? required : undefined,
        additionalProperties:
          typeof schema.additionalProperties === 'boolean' ? schema.additionalProperties : to(schema.additionalProperties),
        patternProperties: schema.patternProperties && Object.fromEntries(schema.patternProperties.map((p) => [p.pattern, to(p.schema)])),
        propertyNames: schema.propertyNames && to(schema.propertyNames),
        minProperties: schema.minProperties,
        maxProperties: schema.maxProperties,
      });
    }
    case 'enum':
      return schema.values.length === 1 ? { const: schema.values[0] } : { enum: schema.values };
    case 'union':
      return { [schema.exclusive ? 'oneOf' : 'anyOf']: schema.variants.map(to) };
    case 'intersection':
      return { allOf: schema.parts.map(to) };
    case 'not':
      return { not: to(schema.schema) };
  }
}

function defined(node: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(node)) if (node[key] === undefined) delete node[key];
  return node;
}
