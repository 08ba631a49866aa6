import type { MediaIR, OperationIR, ParameterIR, ParameterLocation, ResponseIR } from '@apilife/contract';
import ts from 'typescript';
import { withDoc } from '../../print.ts';
import { docLines, key, schemaType, union, type SchemaIndex } from './schema-type.ts';

const f = ts.factory;
const exportMod = [f.createModifier(ts.SyntaxKind.ExportKeyword)];
const optional = () => f.createToken(ts.SyntaxKind.QuestionToken);

/** Parameter groups in the order they appear in `OpInput` and `OpRequest`. */
export const GROUPS: readonly [ParameterLocation, string][] = [
  ['path', 'path'],
  ['query', 'query'],
  ['header', 'headers'],
  ['cookie', 'cookies'],
];

/**
 * `OpInput` (what a client passes), `OpRequest` (what a handler gets) and `OpResponses` (status →
 * body and headers) of one operation.
 */
export function operationTypes(op: OperationIR, index: SchemaIndex): ts.Statement[] {
  const doc = operationDoc(op);
  return [
    withDoc(f.createInterfaceDeclaration(exportMod, `${op.typeName}Input`, undefined, undefined, inputMembers(op, index)), [
      `Input of \`${op.name}\` (${op.method} ${op.path}).`,
      ...doc,
    ]),
    withDoc(f.createInterfaceDeclaration(exportMod, `${op.typeName}Request`, undefined, undefined, requestMembers(op, index)), [
      `A validated \`${op.name}\` request, as its handler gets it: defaults filled in.`,
    ]),
    withDoc(
      f.createInterfaceDeclaration(
        exportMod,
        `${op.typeName}Responses`,
        undefined,
        undefined,
        op.responses.map((r) => responseMember(r, index)),
      ),
      [`Responses of \`${op.name}\` by status.`],
    ),
  ];
}

function operationDoc(op: OperationIR): string[] {
  const lines = [op.summary, op.description].filter((l): l is string => !!l);
  if (op.lifecycle.deprecated) {
    const facts = [
      op.lifecycle.retired ? 'retired: answers 410 Gone' : undefined,
      op.lifecycle.sunset ? `sunset ${op.lifecycle.sunset}` : undefined,
      op.lifecycle.successor ? `use \`${op.lifecycle.successor}\`` : undefined,
    ].filter(Boolean);
    lines.push(`@deprecated${facts.length ? ` ${facts.join('; ')}` : ''}`);
  }
  return lines;
}

function inputMembers(op: OperationIR, index: SchemaIndex): ts.TypeElement[] {
  const members: ts.TypeElement[] = [];
  for (const [location, group] of GROUPS) {
    const params = op.parameters.filter((p) => p.in === location);
    if (params.length === 0) continue;
    const required = params.some((p) => p.required);
    members.push(
      f.createPropertySignature(
        undefined,
        group,
        required ? undefined : optional(),
        paramsType(params, index, (p) => p.required),
      ),
    );
  }
  if (op.requestBody)
    members.push(
      f.createPropertySignature(
        undefined,
        'body',
        op.requestBody.required ? undefined : optional(),
        bodyType(op.requestBody.contents, 'request', index),
      ),
    );
  return members;
}

function requestMembers(op: OperationIR, index: SchemaIndex): ts.TypeElement[] {
  const members: ts.TypeElement[] = GROUPS.map(([location, group]) => {
    const params = op.parameters.filter((p) => p.in === location);
    const type = params.length === 0 ? emptyGroup() : paramsType(params, index, (p) => p.required || p.schema.default !== undefined);
    return f.createPropertySignature(undefined, group, undefined, type);
  });
  const body = op.requestBody
    ? bodyType(op.requestBody.contents, 'request', index)
    : f.createKeywordTypeNode(ts.SyntaxKind.UndefinedKeyword);
  const bodyType_ =
    op.requestBody && !op.requestBody.required ? union([body, f.createKeywordTypeNode(ts.SyntaxKind.UndefinedKeyword)]) : body;
  members.push(f.createPropertySignature(undefined, 'body', undefined, bodyType_));
  return members;
}

function paramsType(params: ParameterIR[], index: SchemaIndex, required: (p: ParameterIR) => boolean): ts.TypeNode {
  return f.createTypeLiteralNode(
    params.map((p) => {
      const lines = [p.description, ...docLines(p.schema).filter((l) => l !== p.description), p.deprecated ? '@deprecated' : undefined];
      return withDoc(
        f.createPropertySignature(undefined, key(p.name), required(p) ? undefined : optional(), schemaType(p.schema, 'request', index)),
        lines,
      );
    }),
  );
}

function emptyGroup(): ts.TypeNode {
  return f.createTypeReferenceNode('Record', [
    f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
    f.createKeywordTypeNode(ts.SyntaxKind.NeverKeyword),
  ]);
}

function responseMember(response: ResponseIR, index: SchemaIndex): ts.TypeElement {
  const name = typeof response.status === 'number' ? f.createNumericLiteral(response.status) : key(response.status);
  const headers = f.createTypeLiteralNode(
    response.headers.map((h) =>
      withDoc(
        f.createPropertySignature(undefined, key(h.name), h.required ? undefined : optional(), schemaType(h.schema, 'response', index)),
        [h.description],
      ),
    ),
  );
  const body =
    response.contents.length === 0
      ? f.createKeywordTypeNode(ts.SyntaxKind.UndefinedKeyword)
      : bodyType(response.contents, 'response', index);
  const type = f.createTypeLiteralNode([
    f.createPropertySignature(undefined, 'body', undefined, body),
    f.createPropertySignature(undefined, 'headers', undefined, headers),
  ]);
  return withDoc(f.createPropertySignature(undefined, name, undefined, type), [response.description]);
}

/** The body type of several media types: JSON ones by schema, others as text; equal schemas once. */
export function bodyType(contents: readonly MediaIR[], direction: 'request' | 'response', index: SchemaIndex): ts.TypeNode {
  const seen = new Set<string>();
  const types: ts.TypeNode[] = [];
  for (const media of contents) {
    const id = media.json ? JSON.stringify(media.schema) : 'text';
    if (seen.has(id)) continue;
    seen.add(id);
    types.push(media.json ? schemaType(media.schema, direction, index) : f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword));
  }
  return union(types);
}
