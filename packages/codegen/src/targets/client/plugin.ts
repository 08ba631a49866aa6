import { servedLifecycle, type ApiIR, type NamedSchema, type OperationIR, type SchemaIR } from '@apilife/contract';
import ts from 'typescript';
import { withDoc } from '../../print.ts';
import type { TargetContext, TargetFile } from '../../target.ts';
import { data, member, typeRef, type Data } from '../server/ast.ts';
import { clientConfig } from './config.ts';

const f = ts.factory;
const exportMod = [f.createModifier(ts.SyntaxKind.ExportKeyword)];
const { types: T, validators: V } = clientConfig.namespaces;

/**
 * `client.gen.ts`: `<Op>Result` types, the `Client` interface (one method per operation), the
 * operation table and `createClient`. The per-call behaviour lives in `@apilife/runtime-client`.
 */
export function buildClientFile(ctx: TargetContext): TargetFile {
  const { api } = ctx;
  const named = new Map(api.schemas.map((s) => [s.name, s] as const));
  const statements: ts.Statement[] = [
    importFrom(clientConfig.runtimeModule, ['createOperationClient'], ['CallInit', 'ClientOptions', 'OperationSpec', 'ResultOf']),
    f.createImportDeclaration(
      undefined,
      f.createImportClause(true, undefined, f.createNamespaceImport(f.createIdentifier(T))),
      f.createStringLiteral('./types.gen.ts'),
    ),
    f.createImportDeclaration(
      undefined,
      f.createImportClause(false, undefined, f.createNamespaceImport(f.createIdentifier(V))),
      f.createStringLiteral('./validators.gen.ts'),
    ),
    f.createExportDeclaration(
      undefined,
      false,
      f.createNamedExports([f.createExportSpecifier(false, undefined, 'UnexpectedStatusError')]),
      f.createStringLiteral(clientConfig.runtimeModule),
    ),
    f.createExportDeclaration(
      undefined,
      true,
      f.createNamedExports([
        f.createExportSpecifier(false, undefined, 'ClientOptions'),
        f.createExportSpecifier(false, undefined, 'CallInit'),
      ]),
      f.createStringLiteral(clientConfig.runtimeModule),
    ),
  ];
  for (const op of api.operations) {
    statements.push(
      withDoc(
        f.createTypeAliasDeclaration(
          exportMod,
          `${op.typeName}Result`,
          undefined,
          typeRef('ResultOf', [typeRef(`${op.typeName}Responses`, undefined, T)]),
        ),
        [`What \`${op.name}\` resolves to: declared responses, success (\`ok: true\`) apart from errors.`],
      ),
    );
  }
  statements.push(
    withDoc(
      f.createInterfaceDeclaration(
        exportMod,
        'Client',
        undefined,
        undefined,
        api.operations.map((op) => clientMethod(op, api)),
      ),
      [`A typed client of ${api.title} ${api.version}.`],
    ),
  );
  const table = f.createObjectLiteralExpression(
    api.operations.map((op) => f.createPropertyAssignment(op.name, data(operationSpec(op, named)))),
    true,
  );
  statements.push(
    f.createVariableStatement(
      undefined,
      f.createVariableDeclarationList(
        [
          f.createVariableDeclaration(
            'operations',
            undefined,
            typeRef('Record', [f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword), typeRef('OperationSpec')]),
            table,
          ),
        ],
        ts.NodeFlags.Const,
      ),
    ),
  );
  statements.push(
    withDoc(
      f.createFunctionDeclaration(
        exportMod,
        undefined,
        'createClient',
        undefined,
        [f.createParameterDeclaration(undefined, undefined, 'options', undefined, typeRef('ClientOptions'))],
        typeRef('Client'),
        f.createBlock(
          [
            f.createReturnStatement(
              f.createAsExpression(
                f.createAsExpression(
                  f.createCallExpression(f.createIdentifier('createOperationClient'), undefined, [
                    f.createIdentifier('operations'),
                    f.createIdentifier('options'),
                  ]),
                  f.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword),
                ),
                typeRef('Client'),
              ),
            ),
          ],
          true,
        ),
      ),
      [
        `Creates a client of ${api.title}: \`baseUrl\` is required; headers, auth, timeouts, retries, the retry budget and the circuit breaker are configurable.`,
        '@example',
        `const client = createClient({ baseUrl: 'http://localhost:8080' });`,
      ],
    ),
  );
  return { path: clientConfig.file, statements, description: `Typed client of ${api.title} ${api.version}.` };
}

function importFrom(module: string, values: string[], types: string[]): ts.ImportDeclaration {
  const specifiers = [
    ...values.map((v) => f.createImportSpecifier(false, undefined, f.createIdentifier(v))),
    ...types.map((t) => f.createImportSpecifier(true, undefined, f.createIdentifier(t))),
  ];
  return f.createImportDeclaration(
    undefined,
    f.createImportClause(false, undefined, f.createNamedImports(specifiers)),
    f.createStringLiteral(module),
  );
}

function clientMethod(op: OperationIR, api: ApiIR): ts.TypeElement {
  const needsInput = op.parameters.some((p) => p.required) || op.requestBody?.required === true;
  const params = [
    f.createParameterDeclaration(
      undefined,
      undefined,
      'input',
      needsInput ? undefined : f.createToken(ts.SyntaxKind.QuestionToken),
      typeRef(`${op.typeName}Input`, undefined, T),
    ),
    f.createParameterDeclaration(undefined, undefined, 'init', f.createToken(ts.SyntaxKind.QuestionToken), typeRef('CallInit')),
  ];
  const signature = f.createMethodSignature(
    undefined,
    op.name,
    undefined,
    undefined,
    params,
    typeRef('Promise', [typeRef(`${op.typeName}Result`)]),
  );
  const lines = [`${op.method} ${op.path}${op.summary ? `: ${op.summary}` : ''}`, op.description];
  const lifecycle = servedLifecycle(op, api);
  if (lifecycle.deprecated)
    lines.push(
      `@deprecated${lifecycle.retired ? ' retired: answers 410 Gone' : ''}${lifecycle.sunset ? `; sunset ${lifecycle.sunset}` : ''}${lifecycle.successor ? `; use \`${lifecycle.successor}\`` : ''}`,
    );
  return withDoc(signature, lines);
}

function operationSpec(op: OperationIR, named: ReadonlyMap<string, NamedSchema>): Data {
  const requestMedia = op.requestBody?.contents.find((c) => c.json) ?? op.requestBody?.contents[0];
  const accept = [...new Set(op.responses.flatMap((r) => r.contents.map((c) => c.mediaType)))];
  const headers: Record<string, Data> = {};
  for (const r of op.responses) {
    if (r.headers.length > 0) headers[String(r.status)] = r.headers.map((h) => [h.name, headerKind(h.schema, named)]);
  }
  return {
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    idempotent: op.idempotent,
    idempotencyKeyHeader: op.idempotencyKeyHeader,
    params: op.parameters.map((p) => ({ name: p.name, in: p.in, style: p.style, explode: p.explode })),
    requestMediaType: requestMedia?.mediaType,
    accept: accept.length > 0 ? accept.join(', ') : undefined,
    statuses: op.responses.map((r) => r.status),
    headers: Object.keys(headers).length > 0 ? headers : undefined,
    validate: { expression: f.createPropertyAccessExpression(member(V, `${op.name}Validator`), 'response') },
  };
}

function headerKind(schema: SchemaIR, named: ReadonlyMap<string, NamedSchema>, depth = 0): string {
  if (schema.kind === 'ref' && depth < 8) {
    const target = named.get(schema.name);
    return target ? headerKind(target.schema, named, depth + 1) : 'string';
  }
  if (schema.kind === 'integer' || schema.kind === 'number' || schema.kind === 'boolean') return schema.kind;
  if (schema.kind === 'union') {
    const first = schema.variants.find((v) => v.kind !== 'null');
    return first ? headerKind(first, named, depth + 1) : 'string';
  }
  return 'string';
}
