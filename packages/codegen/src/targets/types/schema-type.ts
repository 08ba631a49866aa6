import { isIdentifierName, type JsonValue, type NamedSchema, type SchemaIR } from '@apilife/contract';
import ts from 'typescript';
import { withDoc } from '../../print.ts';

const f = ts.factory;

/** Requests leave readOnly properties out and use `…Writable` variants; responses leave writeOnly out. */
export type Direction = 'request' | 'response';

/** Named schemas by name, to pick the request-side variant of a directional one. */
export type SchemaIndex = ReadonlyMap<string, NamedSchema>;

const keyword = (kind: ts.KeywordTypeSyntaxKind) => f.createKeywordTypeNode(kind);

/**
 * The TypeScript type of a schema. Formats do not change types (`date-time` is `string`); an
 * `integer` is a `number`; a discriminated union narrows each variant's discriminator to its value.
 * @example
 * schemaType({ kind: 'union', exclusive: true, variants: [{ kind: 'string' }, { kind: 'null' }] }, 'response', index) // string | null
 */
export function schemaType(schema: SchemaIR, direction: Direction, index: SchemaIndex): ts.TypeNode {
  switch (schema.kind) {
    case 'ref': {
      const named = index.get(schema.name);
      const name = direction === 'request' && named?.directional && named.writableName ? named.writableName : schema.name;
      return f.createTypeReferenceNode(name);
    }
    case 'any':
    case 'not':
      return keyword(ts.SyntaxKind.UnknownKeyword);
    case 'never':
      return keyword(ts.SyntaxKind.NeverKeyword);
    case 'null':
      return f.createLiteralTypeNode(f.createNull());
    case 'boolean':
      return keyword(ts.SyntaxKind.BooleanKeyword);
    case 'string':
      return keyword(ts.SyntaxKind.StringKeyword);
    case 'number':
    case 'integer':
      return keyword(ts.SyntaxKind.NumberKeyword);
    case 'enum':
      return union(schema.values.map(literalOf));
    case 'array':
      return arrayType(schema, direction, index);
    case 'object':
      return objectType(schema, direction, index);
    case 'union': {
      if (schema.discriminator && schema.discriminator.mapping.length > 0) {
        const { property, mapping } = schema.discriminator;
        const mapped = new Set(mapping.map((m) => m.schema.name));
        const variants = mapping.map((m) =>
          f.createIntersectionTypeNode([
            schemaType(m.schema, direction, index),
            f.createTypeLiteralNode([f.createPropertySignature(undefined, key(property), undefined, literalOf(m.value))]),
          ]),
        );
        const others = schema.variants.filter((v) => !(v.kind === 'ref' && mapped.has(v.name))).map((v) => schemaType(v, direction, index));
        return union([...variants, ...others]);
      }
      return union(schema.variants.map((v) => schemaType(v, direction, index)));
    }
    case 'intersection':
      return f.createIntersectionTypeNode(schema.parts.map((p) => parenthesise(schemaType(p, direction, index))));
  }
}

function arrayType(schema: Extract<SchemaIR, { kind: 'array' }>, direction: Direction, index: SchemaIndex): ts.TypeNode {
  const item = parenthesise(schemaType(schema.items, direction, index));
  if (!schema.prefixItems || schema.prefixItems.length === 0) return f.createArrayTypeNode(item);
  const min = schema.minItems ?? 0;
  const members: ts.TypeNode[] = schema.prefixItems.map((p, i) => {
    const type = schemaType(p, direction, index);
    return i < min ? type : f.createOptionalTypeNode(type);
  });
  if (schema.items.kind !== 'never') members.push(f.createRestTypeNode(f.createArrayTypeNode(item)));
  return f.createTupleTypeNode(members);
}

function objectType(schema: Extract<SchemaIR, { kind: 'object' }>, direction: Direction, index: SchemaIndex): ts.TypeNode {
  const members: ts.TypeElement[] = [];
  for (const p of schema.properties) {
    if ((direction === 'request' && p.readOnly) || (direction === 'response' && p.writeOnly)) continue;
    const optional = !p.required;
    const signature = f.createPropertySignature(
      undefined,
      key(p.name),
      optional ? f.createToken(ts.SyntaxKind.QuestionToken) : undefined,
      schemaType(p.schema, direction, index),
    );
    members.push(withDoc(signature, docLines(p.schema)));
  }
  const additional = schema.additionalProperties;
  for (const name of schema.requiredOnly ?? []) {
    const type = typeof additional === 'object' ? schemaType(additional, direction, index) : keyword(ts.SyntaxKind.UnknownKeyword);
    members.push(f.createPropertySignature(undefined, key(name), undefined, type));
  }
  const hasPatterns = (schema.patternProperties?.length ?? 0) > 0;
  let indexType: ts.TypeNode | undefined;
  if (typeof additional === 'object')
    indexType = members.length === 0 && !hasPatterns ? schemaType(additional, direction, index) : keyword(ts.SyntaxKind.UnknownKeyword);
  else if ((additional === true && members.length === 0) || hasPatterns) indexType = keyword(ts.SyntaxKind.UnknownKeyword);
  if (indexType) {
    const param = f.createParameterDeclaration(undefined, undefined, 'key', undefined, keyword(ts.SyntaxKind.StringKeyword));
    members.push(f.createIndexSignature(undefined, [param], indexType));
  }
  return f.createTypeLiteralNode(members);
}

/** JSDoc lines of a schema: description, deprecation, default, format, example. */
export function docLines(schema: SchemaIR): string[] {
  const lines: string[] = [];
  if (schema.title && schema.title !== schema.description) lines.push(schema.title);
  if (schema.description) lines.push(schema.description);
  if (schema.deprecated) lines.push('@deprecated');
  if (schema.default !== undefined) lines.push(`@default ${JSON.stringify(schema.default)}`);
  if ((schema.kind === 'string' || schema.kind === 'number' || schema.kind === 'integer') && schema.format)
    lines.push(`@format ${schema.format}`);
  if (schema.example !== undefined) lines.push(`@example ${JSON.stringify(schema.example)}`);
  return lines;
}

/** The literal type of a JSON value (`'a'`, `1`, `-1`, `true`, `null`); objects and arrays are `unknown`. */
export function literalOf(value: JsonValue): ts.TypeNode {
  if (value === null) return f.createLiteralTypeNode(f.createNull());
  if (typeof value === 'string') return f.createLiteralTypeNode(f.createStringLiteral(value));
  if (typeof value === 'number') {
    return value < 0
      ? f.createLiteralTypeNode(f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, f.createNumericLiteral(-value)))
      : f.createLiteralTypeNode(f.createNumericLiteral(value));
  }
  if (typeof value === 'boolean') return f.createLiteralTypeNode(value ? f.createTrue() : f.createFalse());
  return keyword(ts.SyntaxKind.UnknownKeyword);
}

/** A property name: bare when it is an identifier, quoted otherwise. */
export function key(name: string): ts.PropertyName {
  return isIdentifierName(name) ? f.createIdentifier(name) : f.createStringLiteral(name);
}

/** `A | B`, `never` when empty, the type itself when alone. */
export function union(types: ts.TypeNode[]): ts.TypeNode {
  if (types.length === 0) return keyword(ts.SyntaxKind.NeverKeyword);
  return types.length === 1 ? types[0]! : f.createUnionTypeNode(types.map(parenthesise));
}

function parenthesise(type: ts.TypeNode): ts.TypeNode {
  return ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type) || ts.isFunctionTypeNode(type)
    ? f.createParenthesizedType(type)
    : type;
}
