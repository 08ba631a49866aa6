import { isObject, unescapeToken, type ContractDocument, type Located, type RefResolver } from '@apilife/contract';
import type { ErrorObject } from 'ajv/dist/2020.js';
import { defineRule, type RuleContext } from './define-rule.ts';
import { SchemaValidators, type SchemaVariant } from './schema-validators.ts';
import { isJsonMediaType, locationKey, rawChild, walkSchemas } from './schema-walk.ts';

/** An ajv error in words: `/items/0/id must match format "uuid"`. */
export function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
    detail = ` ("${String(params.additionalProperty ?? params.unevaluatedProperty)}")`;
  } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    detail = `: ${params.allowedValues
      .slice(0, 10)
      .map((v) => JSON.stringify(v))
      .join(', ')}${params.allowedValues.length > 10 ? ', …' : ''}`;
  }
  return `${error.instancePath ? `${error.instancePath} ` : ''}${error.message ?? error.keyword}${detail}`;
}

/** The errors worth showing: branch errors under a failed `oneOf`/`anyOf` (and `if`'s summary) are noise. */
function meaningful(errors: ErrorObject[]): ErrorObject[] {
  const branches = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
  return errors.filter((e) => e.keyword !== 'if' && !branches.some((prefix) => e.schemaPath.startsWith(prefix)));
}

/** Checks examples against their schemas, each (schema, example) pair once, each finding once. */
class ExampleChecker {
  readonly #validators: SchemaValidators;
  readonly #done = new Set<string>();
  readonly #reported = new Set<string>();
  /** Every schema met on the way, for the schema-level examples. */
  readonly roots: (Located | undefined)[] = [];

  constructor(
    readonly resolver: RefResolver,
    document: ContractDocument,
    private readonly report: RuleContext['report'],
  ) {
    this.#validators = new SchemaValidators(resolver, document);
  }

  /** One example value (literal, as written) against a schema. */
  value(schema: Located | undefined, variant: SchemaVariant, example: Located | undefined): void {
    if (!schema || !example) return;
    const key = `${variant}:${locationKey(schema)}:${locationKey(example)}`;
    if (this.#done.has(key)) return;
    this.#done.add(key);
    const errors = this.#validators.validate(schema, variant, example.value);
    for (const error of meaningful(errors ?? [])) {
      const at = { file: example.file, path: [...example.path, ...instancePath(example.value, error.instancePath)] };
      const message = `example does not match its schema: ${describeError(error)}`;
      const found = `${locationKey(at)}:${message}`;
      if (!this.#reported.has(found)) this.report({ message, at });
      this.#reported.add(found);
    }
  }

  /** `example` and `examples.<name>.value` of a media type, parameter or header against its schema. */
  holder(holder: Located | undefined, schema: Located | undefined, variant: SchemaVariant): void {
    if (!holder || !schema) return;
    this.roots.push(schema);
    this.value(schema, variant, rawChild(holder, 'example'));
    for (const [, example] of this.resolver.entries(this.resolver.child(holder, 'examples')))
      this.value(schema, variant, rawChild(example, 'value'));
  }

  /** The JSON media types of a request body or response. */
  content(holder: Located | undefined, variant: SchemaVariant): void {
    if (!holder) return;
    for (const [mediaType, media] of this.resolver.entries(this.resolver.child(holder, 'content'))) {
      if (isJsonMediaType(mediaType)) this.holder(media, this.resolver.child(media, 'schema'), variant);
    }
  }

  /** A parameter or header: `schema` with examples, or `content`. */
  parameter(at: Located): void {
    this.holder(at, this.resolver.child(at, 'schema'), 'plain');
    this.content(at, 'plain');
  }

  /** A response: its JSON content (`writeOnly` properties may be absent) and its headers. */
  response(at: Located): void {
    this.content(at, 'response');
    for (const [, header] of this.resolver.entries(this.resolver.child(at, 'headers'))) this.parameter(header);
  }

  /** Schema-level `example` and `examples` (an array) against the schema itself, everywhere a schema reaches. */
  schemas(): void {
    walkSchemas(this.resolver, this.roots, (node) => {
      this.value(node, 'plain', rawChild(node, 'example'));
      if (Array.isArray(node.value.examples)) {
        const list = rawChild(node, 'examples')!;
        node.value.examples.forEach((_, i) => this.value(node, 'plain', rawChild(list, i)));
      }
    });
  }
}

/** Walks an instance path (`/items/0/id`) into path tokens, numbers for array indices. */
function instancePath(root: unknown, pointer: string): (string | number)[] {
  const out: (string | number)[] = [];
  let node = root;
  for (const token of pointer ? pointer.slice(1).split('/').map(unescapeToken) : []) {
    const index = Array.isArray(node) ? Number(token) : token;
    out.push(index);
    node = isObject(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[index] : undefined;
  }
  return out;
}

/**
 * Every example validates against its schema: OpenAPI media type, parameter and header examples
 * (`readOnly` properties may be absent from request examples, `writeOnly` ones from responses),
 * AsyncAPI message example payloads and headers, and schema-level `example`/`examples`.
 */
export default defineRule({
  id: 'valid-examples',
  description: 'Every example (media type, parameter, header, message and schema examples) validates against its schema.',
  severity: 'error',
  ruleset: 'safety',
  formats: ['openapi', 'asyncapi'],
  docs: {
    why: 'Examples end up in the docs portal, in mocks and in contract tests. An example that does not match its schema teaches consumers the wrong shape and makes those tests fail for the wrong reason.',
    failing: 'schema:\n  type: object\n  properties:\n    quantity: { type: integer, minimum: 1 }\nexample:\n  quantity: 0',
    passing: 'schema:\n  type: object\n  properties:\n    quantity: { type: integer, minimum: 1 }\nexample:\n  quantity: 2',
  },
  check({ document, resolver, report }) {
    const checker = new ExampleChecker(resolver, document, report);
    checker.roots.push(...document.schemas);
    for (const operation of document.operations) {
      for (const parameter of operation.parameters) checker.parameter(parameter.at);
      checker.content(operation.requestBody?.at, 'request');
      for (const response of operation.responses) checker.response(response.at);
    }
    const components = (name: string) => resolver.entries(resolver.at(document.file, ['components', name])).map(([, at]) => at);
    if (document.kind === 'openapi') {
      for (const at of [...components('parameters'), ...components('headers')]) checker.parameter(at);
      for (const at of components('requestBodies')) checker.content(at, 'request');
      for (const at of components('responses')) checker.response(at);
    }
    for (const message of document.messages) {
      const payload = resolver.child(message.at, 'payload')?.value;
      // A Multi Format Schema Object in Avro, RAML…: its examples are not JSON Schema's to judge.
      const format = isObject(payload) ? payload.schemaFormat : undefined;
      const jsonSchema = typeof format !== 'string' || /^application\/(vnd\.aai\.asyncapi|schema)\b/.test(format);
      for (const example of resolver.items(resolver.child(message.at, 'examples'))) {
        if (jsonSchema) checker.value(message.payload, 'plain', rawChild(example, 'payload'));
        checker.value(message.headers, 'plain', rawChild(example, 'headers'));
      }
      if (jsonSchema) checker.roots.push(message.payload);
      checker.roots.push(message.headers);
    }
    checker.schemas();
  },
});
