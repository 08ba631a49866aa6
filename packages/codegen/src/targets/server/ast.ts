import { isIdentifierName } from '@apilife/contract';
import ts from 'typescript';

const f = ts.factory;

/** Plain data the generated tables are made of. */
export type Data = string | number | boolean | readonly Data[] | { readonly [key: string]: Data | undefined } | Expression;

/** An expression to embed as is (e.g. `V.getItemValidator`). */
export interface Expression {
  readonly expression: ts.Expression;
}

/** Wraps an expression so `data()` embeds it. */
export const raw = (expression: ts.Expression): Expression => ({ expression });

/**
 * An expression for plain data: object keys in the given order, `undefined` members left out,
 * keys quoted only when they are not identifiers.
 * @example
 * data({ status: 200, media: ['application/json'] }); // { status: 200, media: ["application/json"] }
 */
export function data(value: Data): ts.Expression {
  if (typeof value === 'string') return f.createStringLiteral(value);
  if (typeof value === 'number')
    return value < 0
      ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, f.createNumericLiteral(-value))
      : f.createNumericLiteral(value);
  if (typeof value === 'boolean') return value ? f.createTrue() : f.createFalse();
  if (Array.isArray(value)) {
    const items = value as readonly Data[];
    const objects = items.some((item) => typeof item === 'object' && !Array.isArray(item) && !isExpression(item));
    return f.createArrayLiteralExpression(
      items.map((item) => data(item)),
      objects,
    );
  }
  if (isExpression(value)) return value.expression;
  const record = value as { readonly [key: string]: Data | undefined };
  const properties = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .map((key) => {
      const item = record[key]!;
      const shorthand = typeof item === 'object' && isExpression(item) && ts.isIdentifier(item.expression) && item.expression.text === key;
      return shorthand ? f.createShorthandPropertyAssignment(key) : f.createPropertyAssignment(propertyName(key), data(item));
    });
  return f.createObjectLiteralExpression(properties, properties.length > 1);
}

function isExpression(value: object): value is Expression {
  return 'expression' in value && typeof (value as { expression: unknown }).expression === 'object';
}

/** A property name: bare when it is an identifier, quoted otherwise. */
export function propertyName(name: string): ts.PropertyName {
  return isIdentifierName(name) ? f.createIdentifier(name) : f.createStringLiteral(name);
}

/** `ns.name` as an expression. */
export function member(namespace: string, name: string): ts.Expression {
  return f.createPropertyAccessExpression(f.createIdentifier(namespace), name);
}

/** `ns.Name<args>` as a type. */
export function typeRef(name: string, args?: readonly ts.TypeNode[], namespace?: string): ts.TypeReferenceNode {
  const entity = namespace === undefined ? f.createIdentifier(name) : f.createQualifiedName(f.createIdentifier(namespace), name);
  return f.createTypeReferenceNode(entity, args === undefined ? undefined : [...args]);
}

/** `Base[key]` for a string or numeric key. */
export function indexed(base: ts.TypeNode, key: string | number): ts.IndexedAccessTypeNode {
  const literal = typeof key === 'number' ? f.createNumericLiteral(key) : f.createStringLiteral(key);
  return f.createIndexedAccessTypeNode(base, f.createLiteralTypeNode(literal));
}

/** A literal type: `200`, `'ETag'`. */
export function literalType(value: string | number): ts.LiteralTypeNode {
  return f.createLiteralTypeNode(typeof value === 'number' ? f.createNumericLiteral(value) : f.createStringLiteral(value));
}

/** A union of literal types, or `never` when empty. */
export function literalUnion(values: readonly (string | number)[]): ts.TypeNode {
  if (values.length === 0) return f.createKeywordTypeNode(ts.SyntaxKind.NeverKeyword);
  return values.length === 1 ? literalType(values[0]!) : f.createUnionTypeNode(values.map(literalType));
}

/** A property signature of a type literal. */
export function propertySignature(name: string, type: ts.TypeNode, optional = false): ts.PropertySignature {
  return f.createPropertySignature(undefined, propertyName(name), optional ? f.createToken(ts.SyntaxKind.QuestionToken) : undefined, type);
}
