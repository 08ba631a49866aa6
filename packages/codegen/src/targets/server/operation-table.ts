import { servedLifecycle, type ApiIR, type OperationIR, type ParameterLocation, type SecuritySchemeIR } from '@apilife/contract';
import ts from 'typescript';
import { withDoc } from '../../print.ts';
import { data, member, raw, typeRef, type Data } from './ast.ts';
import { serverConfig } from './config.ts';

const f = ts.factory;
const { validators: V, runtime: RT } = serverConfig.namespaces;

/** Declared query, header and cookie parameter names (path parameters are in the template). */
function parameters(op: OperationIR): Data | undefined {
  const names = (location: ParameterLocation) => op.parameters.filter((p) => p.in === location).map((p) => p.name);
  const result = { query: names('query'), header: names('header'), cookie: names('cookie') };
  const present = Object.fromEntries(Object.entries(result).filter(([, list]) => list.length > 0));
  return Object.keys(present).length === 0 ? undefined : present;
}

/**
 * The lifecycle facts the runtime turns into headers (or the 410 of a retired operation): the
 * operation's `x-lifecycle` within its API's (`servedLifecycle`).
 */
function lifecycle(op: OperationIR, api: ApiIR): Data | undefined {
  const { deprecatedAt, sunset, successorPath, successorUrl, successorQuery, api: whole } = servedLifecycle(op, api);
  if (
    deprecatedAt === undefined &&
    sunset === undefined &&
    successorPath === undefined &&
    successorUrl === undefined &&
    whole === undefined
  )
    return undefined;
  return {
    deprecatedAt,
    sunset,
    successorPath,
    successorUrl,
    successorQuery: successorQuery?.map((q) => ({ name: q.name, value: q.value })),
    api: whole && { successor: whole.successor },
  };
}

/** One entry of the operation table (`rt.OperationSpec`). */
export function operationEntry(op: OperationIR, api: ApiIR): Data {
  const base = { name: op.name, method: op.method, path: op.path };
  if (op.lifecycle.retired) return { ...base, retired: true, lifecycle: lifecycle(op, api) };
  return {
    ...base,
    validator: raw(member(V, `${op.name}Validator`)),
    parameters: parameters(op),
    security:
      op.security.length === 0
        ? undefined
        : op.security.map((alternative) => Object.fromEntries(alternative.map((s) => [s.scheme, s.scopes]))),
    responses: op.responses.map((r) => ({
      status: r.status,
      media: r.contents.length === 0 ? undefined : r.contents.map((m) => m.mediaType),
      headers: r.headers.length === 0 ? undefined : r.headers.map((h) => h.name),
    })),
    ifMatch: op.ifMatch === undefined ? undefined : op.ifMatch.required ? 'required' : 'optional',
    idempotencyKey: op.idempotencyKeyHeader,
    rateLimited: op.rateLimited || undefined,
    lifecycle: lifecycle(op, api),
  };
}

/** A security scheme as the runtime needs it (`rt.SecuritySchemeSpec`). */
export function schemeEntry(scheme: SecuritySchemeIR): Data {
  if (scheme.type === 'apiKey') return { type: 'apiKey', in: scheme.in ?? 'header', name: scheme.paramName ?? '' };
  if (scheme.type === 'http') return { type: 'http', scheme: scheme.scheme ?? 'bearer' };
  return { type: scheme.type };
}

/** `const api: rt.ApiTable = { contractJson, securitySchemes, operations: [...] };` */
export function apiTable(api: ApiIR, schemes: readonly SecuritySchemeIR[]): ts.VariableStatement {
  const table = data({
    contractJson: raw(f.createIdentifier('contractJson')),
    securitySchemes: schemes.length === 0 ? undefined : Object.fromEntries(schemes.map((s) => [s.name, schemeEntry(s)])),
    operations: api.operations.map((op) => operationEntry(op, api)),
  });
  const declaration = f.createVariableDeclaration('api', undefined, typeRef('ApiTable', undefined, RT), table);
  return f.createVariableStatement(undefined, f.createVariableDeclarationList([declaration], ts.NodeFlags.Const));
}

/**
 * `export const declaredStatuses = { op: [200, 404, …], … } as const`: the statuses each
 * operation declares, by operation name, as the contract lists them (codes, `NXX` ranges,
 * `default`), retired operations included. For code that relays another service's answer and
 * must know whether the contract lets it through.
 */
export function declaredStatusesTable(api: ApiIR): ts.VariableStatement {
  const table = data(Object.fromEntries(api.operations.map((op) => [op.name, op.responses.map((r) => r.status)])));
  const declaration = f.createVariableDeclaration(
    'declaredStatuses',
    undefined,
    undefined,
    f.createAsExpression(table, f.createTypeReferenceNode('const')),
  );
  const statement = f.createVariableStatement(
    [f.createModifier(ts.SyntaxKind.ExportKeyword)],
    f.createVariableDeclarationList([declaration], ts.NodeFlags.Const),
  );
  return withDoc(statement, [
    `The statuses each operation of ${api.title} ${api.version} declares, by operation (codes, \`NXX\` ranges and \`default\`, as the contract lists them).`,
  ]);
}
