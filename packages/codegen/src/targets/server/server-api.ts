import { servedLifecycle, type ApiIR, type OperationIR, type SecuritySchemeIR } from '@apilife/contract';
import ts from 'typescript';
import { withDoc } from '../../print.ts';
import { propertySignature, typeRef } from './ast.ts';
import { serverConfig } from './config.ts';

const f = ts.factory;
const { types: T, runtime: RT } = serverConfig.namespaces;
const exported = () => [f.createModifier(ts.SyntaxKind.ExportKeyword)];
const envParameter = (withDefault: boolean) =>
  f.createTypeParameterDeclaration(undefined, 'E', typeRef('Env'), withDefault ? typeRef('Env') : undefined);
const maybePromise = (type: ts.TypeNode) => f.createUnionTypeNode([type, typeRef('Promise', [type])]);

/** The security schemes the service must configure: those a served (not retired) operation uses, in contract order. */
export function usedSchemes(api: ApiIR): SecuritySchemeIR[] {
  const used = new Set(
    api.operations.filter((op) => !op.lifecycle.retired).flatMap((op) => op.security.flatMap((alt) => alt.map((s) => s.scheme))),
  );
  return api.securitySchemes.filter((s) => used.has(s.name));
}

function handlerDoc(op: OperationIR, api: ApiIR): (string | undefined)[] {
  const { deprecated, sunset, successor } = servedLifecycle(op, api);
  const replacement = [sunset === undefined ? undefined : `sunset ${sunset}`, successor === undefined ? undefined : `use ${successor}`]
    .filter(Boolean)
    .join('; ');
  return [
    `\`${op.method} ${op.path}\`${op.summary ? `: ${op.summary}` : ''}`,
    op.description?.split(/\n\s*\n/)[0],
    op.ifMatch
      ? 'Conditional: call `rt.assertIfMatch(c, currentEtag)` before writing (412 when `If-Match` is stale; the server already answers 428 without it).'
      : undefined,
    op.idempotencyKeyHeader
      ? `Retries with the same \`${op.idempotencyKeyHeader}\` are answered by the server (replayed, 409 or 422), not by this handler.`
      : undefined,
    deprecated ? `@deprecated${replacement ? ` ${replacement}` : ''}` : undefined,
  ];
}

/** `export interface Handlers<E extends Env = Env>`: one required method per served operation. */
export function handlersInterface(api: ApiIR): ts.InterfaceDeclaration {
  const methods = api.operations
    .filter((op) => !op.lifecycle.retired)
    .map((op) => {
      const result = typeRef(`${op.typeName}Result`);
      const parameters = [
        f.createParameterDeclaration(undefined, undefined, 'request', undefined, typeRef(`${op.typeName}Request`, undefined, T)),
        f.createParameterDeclaration(undefined, undefined, 'c', undefined, typeRef('Context', [typeRef('E')])),
      ];
      return withDoc(
        f.createMethodSignature(undefined, op.name, undefined, undefined, parameters, maybePromise(result)),
        handlerDoc(op, api),
      );
    });
  const declaration = f.createInterfaceDeclaration(exported(), 'Handlers', [envParameter(true)], undefined, methods);
  return withDoc(declaration, [
    `The implementation of ${api.title} ${api.version}: one method per operation (retired ones answer 410 by themselves).`,
    'Each gets the validated request (defaults filled in) and the Hono context, and returns one of the declared responses.',
    usedSchemes(api).length > 0
      ? 'The authenticated caller is `c.var.principal` with `E` = `rt.SecurityEnv` (or an `Env` whose `Variables` include `rt.SecurityVariables`).'
      : undefined,
  ]);
}

const SCHEME_TYPES: Record<string, string> = {
  apiKey: 'ApiKeySecurity',
  oauth2: 'BearerSecurity',
  openIdConnect: 'BearerSecurity',
  mutualTLS: 'CustomSecurity',
};

function schemeType(scheme: SecuritySchemeIR): string {
  if (scheme.type !== 'http') return SCHEME_TYPES[scheme.type]!;
  return scheme.scheme === 'bearer' ? 'BearerSecurity' : scheme.scheme === 'basic' ? 'BasicSecurity' : 'CustomSecurity';
}

function schemeDoc(scheme: SecuritySchemeIR): string {
  if (scheme.type === 'apiKey') return `API key in the ${scheme.in} \`${scheme.paramName}\`.`;
  if (scheme.type === 'http') return `HTTP ${scheme.scheme}${scheme.bearerFormat ? ` (${scheme.bearerFormat})` : ''}.`;
  return `${scheme.type}.`;
}

/** `SecuritySchemes` (a type alias, so it fits the runtime's record) and `ServerOptions`. */
export function optionTypes(schemes: readonly SecuritySchemeIR[]): ts.Statement[] {
  if (schemes.length === 0) {
    const alias = f.createTypeAliasDeclaration(exported(), 'ServerOptions', undefined, typeRef('ServerRuntimeOptions', undefined, RT));
    return [withDoc(alias, ['Options of `createServer`; the contract declares no security.'])];
  }
  const members = schemes.map((s) =>
    withDoc(propertySignature(s.name, typeRef(schemeType(s), undefined, RT)), [schemeDoc(s), s.description?.split('\n')[0]]),
  );
  const schemesType = withDoc(f.createTypeAliasDeclaration(exported(), 'SecuritySchemes', undefined, f.createTypeLiteralNode(members)), [
    'How each security scheme of the contract is verified.',
  ]);
  const security = withDoc(propertySignature('security', typeRef('SecuritySchemes')), [
    'Required: `createServer` throws rather than serve operations whose scheme is not configured.',
  ]);
  const heritage = f.createHeritageClause(ts.SyntaxKind.ExtendsKeyword, [
    f.createExpressionWithTypeArguments(f.createPropertyAccessExpression(f.createIdentifier(RT), 'ServerRuntimeOptions'), undefined),
  ]);
  const options = withDoc(f.createInterfaceDeclaration(exported(), 'ServerOptions', undefined, [heritage], [security]), [
    'Options of `createServer`.',
  ]);
  return [schemesType, options];
}

/** `export function createServer<E extends Env = Env>(handlers: Handlers<E>, options: ServerOptions): Hono<E>`. */
export function createServerFunction(api: ApiIR, secured: boolean): ts.FunctionDeclaration {
  const handlers = typeRef('Handlers', [typeRef('E')]);
  const options = f.createParameterDeclaration(
    undefined,
    undefined,
    'options',
    undefined,
    typeRef('ServerOptions'),
    secured ? undefined : f.createObjectLiteralExpression(),
  );
  const call = f.createCallExpression(
    f.createPropertyAccessExpression(f.createIdentifier(RT), 'createApiServer'),
    [typeRef('E'), handlers],
    [f.createIdentifier('api'), f.createIdentifier('handlers'), f.createIdentifier('options')],
  );
  const fn = f.createFunctionDeclaration(
    exported(),
    undefined,
    'createServer',
    [envParameter(true)],
    [f.createParameterDeclaration(undefined, undefined, 'handlers', undefined, handlers), options],
    typeRef('Hono', [typeRef('E')]),
    f.createBlock([f.createReturnStatement(call)], true),
  );
  return withDoc(fn, [
    `Creates the Hono app of ${api.title} ${api.version}: routes, validation, security, limits and problem+json errors from the contract.`,
    secured
      ? 'Throws at startup when a handler or a security scheme configuration is missing.'
      : 'Throws at startup when a handler is missing.',
    '@example',
    'serve({ fetch: createServer(handlers, options).fetch, port: 8080 });',
  ]);
}
