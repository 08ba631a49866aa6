import ts from 'typescript';
import { withDoc } from '../../print.ts';
import type { TargetContext, TargetFile } from '../../target.ts';
import { serverConfig } from './config.ts';
import { apiTable, declaredStatusesTable } from './operation-table.ts';
import { resultType } from './result-types.ts';
import { createServerFunction, handlersInterface, optionTypes, usedSchemes } from './server-api.ts';

const f = ts.factory;
const { files, namespaces, runtimeModule } = serverConfig;

function namedImport(names: readonly string[], from: string, typeOnly: boolean): ts.ImportDeclaration {
  const specifiers = names.map((name) => f.createImportSpecifier(false, undefined, f.createIdentifier(name)));
  return f.createImportDeclaration(
    undefined,
    f.createImportClause(typeOnly, undefined, f.createNamedImports(specifiers)),
    f.createStringLiteral(from),
  );
}

function namespaceImport(name: string, from: string, typeOnly: boolean): ts.ImportDeclaration {
  return f.createImportDeclaration(
    undefined,
    f.createImportClause(typeOnly, undefined, f.createNamespaceImport(f.createIdentifier(name))),
    f.createStringLiteral(from),
  );
}

/**
 * `server.gen.ts`: imports, `<Op>Result` per served operation, `Handlers`, the option types,
 * `declaredStatuses`, the declarative operation table and `createServer`, which hands both to `rt.createApiServer`.
 */
export function buildServerFile(ctx: TargetContext): TargetFile {
  const { api } = ctx;
  const schemes = usedSchemes(api);
  const statements: ts.Statement[] = [
    namedImport(['Context', 'Env', 'Hono'], 'hono', true),
    namespaceImport(namespaces.runtime, runtimeModule, false),
    namedImport(['contractJson'], `./${files.contract}`, false),
    namespaceImport(namespaces.types, files.types, true),
    namespaceImport(namespaces.validators, files.validators, false),
    ...api.operations.filter((op) => !op.lifecycle.retired).map((op) => resultType(op, api)),
    handlersInterface(api),
    ...optionTypes(schemes),
    declaredStatusesTable(api),
    apiTable(
      api,
      api.securitySchemes.filter((s) => schemes.includes(s)),
    ),
    createServerFunction(api, schemes.length > 0),
  ];
  return { path: files.server, statements, description: `Typed Hono server of ${api.title} ${api.version}` };
}

/** `contract.gen.ts`: the bundled contract as one JSON string, served at `/openapi.json`. */
export function buildContractFile(ctx: TargetContext): TargetFile {
  const declaration = f.createVariableDeclaration(
    'contractJson',
    undefined,
    f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
    f.createStringLiteral(JSON.stringify(ctx.api.document)),
  );
  const statement = f.createVariableStatement(
    [f.createModifier(ts.SyntaxKind.ExportKeyword)],
    f.createVariableDeclarationList([declaration], ts.NodeFlags.Const),
  );
  return {
    path: files.contract,
    statements: [
      withDoc(statement, [`The bundled contract of ${ctx.api.title} ${ctx.api.version} (every $ref local), served at /openapi.json.`]),
    ],
    description: `Bundled contract of ${ctx.api.title} ${ctx.api.version}`,
  };
}
