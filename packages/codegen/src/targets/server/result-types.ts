import { servedLifecycle, type ApiIR, type OperationIR, type ResponseIR } from '@apilife/contract';
import ts from 'typescript';
import { withDoc } from '../../print.ts';
import { indexed, literalUnion, propertySignature, typeRef } from './ast.ts';
import { serverConfig } from './config.ts';

const f = ts.factory;
const { types: T, runtime: RT } = serverConfig.namespaces;

/** Header names (lower case) the runtime can set itself, and when. */
function runtimeSetHeaders(op: OperationIR, response: ResponseIR, api: ApiIR): Set<string> {
  const names = new Set(['etag']);
  if (op.rateLimited)
    for (const name of ['ratelimit', 'ratelimit-policy', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']) names.add(name);
  if (response.status === 429 || response.status === 503) names.add('retry-after');
  const { deprecatedAt, sunset, successorPath, successorUrl } = servedLifecycle(op, api);
  if (deprecatedAt !== undefined || sunset !== undefined || successorPath !== undefined || successorUrl !== undefined)
    for (const name of ['deprecation', 'sunset', 'link']) names.add(name);
  return names;
}

/** The `status` type of a response: its number, the range without the declared statuses, or `number` for `default`. */
function statusType(response: ResponseIR, declared: readonly number[]): ts.TypeNode {
  if (typeof response.status === 'number') return literalUnion([response.status]);
  if (response.status === 'default') return f.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword);
  const range = typeRef('StatusIn', [f.createLiteralTypeNode(f.createStringLiteral(response.status))], RT);
  const first = Number(response.status[0]);
  const inRange = declared.filter((s) => Math.floor(s / 100) === first);
  return inRange.length === 0 ? range : typeRef('Exclude', [range, literalUnion(inRange)]);
}

/**
 * One member of `<Op>Result`: `{ status; body; headers?; contentType? }` for a declared response.
 * `body` comes from `T.<Op>Responses[status]['body']` (optional `undefined` without content);
 * headers the runtime sets itself are optional, other required declared headers are required.
 */
function resultMember(op: OperationIR, response: ResponseIR, declared: readonly number[], api: ApiIR): ts.TypeLiteralNode {
  const responses = indexed(typeRef(`${op.typeName}Responses`, undefined, T), response.status);
  const members: ts.TypeElement[] = [propertySignature('status', statusType(response, declared))];
  members.push(
    response.contents.length === 0
      ? propertySignature('body', f.createKeywordTypeNode(ts.SyntaxKind.UndefinedKeyword), true)
      : propertySignature('body', indexed(responses, 'body')),
  );
  if (response.headers.length > 0) {
    const runtimeSet = runtimeSetHeaders(op, response, api);
    const optional = response.headers.filter((h) => runtimeSet.has(h.name.toLowerCase())).map((h) => h.name);
    const required = response.headers.some((h) => h.required && !runtimeSet.has(h.name.toLowerCase()));
    const declaredHeaders = indexed(responses, 'headers');
    const type = optional.length === 0 ? declaredHeaders : typeRef('HandlerHeaders', [declaredHeaders, literalUnion(optional)], RT);
    members.push(propertySignature('headers', type, !required));
  }
  if (response.contents.length > 1)
    members.push(propertySignature('contentType', literalUnion(response.contents.map((m) => m.mediaType)), true));
  return f.createTypeLiteralNode(members);
}

/**
 * `export type <Op>Result = …`: the union of the operation's declared responses, what its handler
 * returns. An undeclared status or a body of the wrong type is a type error.
 */
export function resultType(op: OperationIR, api: ApiIR): ts.TypeAliasDeclaration {
  const declared = op.responses.flatMap((r) => (typeof r.status === 'number' ? [r.status] : []));
  const members = op.responses.map((r) => resultMember(op, r, declared, api));
  const type =
    members.length === 0
      ? f.createKeywordTypeNode(ts.SyntaxKind.NeverKeyword)
      : members.length === 1
        ? members[0]!
        : f.createUnionTypeNode(members);
  const alias = f.createTypeAliasDeclaration([f.createModifier(ts.SyntaxKind.ExportKeyword)], `${op.typeName}Result`, undefined, type);
  return withDoc(alias, [`What \`${op.name}\` (${op.method} ${op.path}) returns: one of its declared responses.`]);
}
