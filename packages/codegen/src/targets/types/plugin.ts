import type { NamedSchema } from '@apilife/contract';
import ts from 'typescript';
import { withDoc } from '../../print.ts';
import type { TargetContext, TargetFile } from '../../target.ts';
import { typesConfig } from './config.ts';
import { operationTypes } from './operation-types.ts';
import { docLines, schemaType, type SchemaIndex } from './schema-type.ts';

const f = ts.factory;
const exportMod = [f.createModifier(ts.SyntaxKind.ExportKeyword)];

/** `types.gen.ts`: every named schema (and its `…Writable` variant), then every operation's types. */
export function buildTypesFile(ctx: TargetContext): TargetFile {
  const index: SchemaIndex = new Map(ctx.api.schemas.map((s) => [s.name, s] as const));
  const statements: ts.Statement[] = [];
  for (const named of ctx.api.schemas) {
    statements.push(alias(named, named.name, 'response', index));
    if (named.directional && named.writableName) statements.push(alias(named, named.writableName, 'request', index));
  }
  for (const op of ctx.api.operations) statements.push(...operationTypes(op, index));
  return { path: typesConfig.file, statements, description: `Types of ${ctx.api.title} ${ctx.api.version}: schemas and operations.` };
}

function alias(named: NamedSchema, name: string, direction: 'request' | 'response', index: SchemaIndex): ts.Statement {
  const lines = docLines(named.schema);
  if (named.directional)
    lines.push(
      direction === 'request'
        ? `Request shape of \`${named.key}\`: readOnly properties left out.`
        : `Response shape of \`${named.key}\`: writeOnly properties left out.`,
    );
  return withDoc(f.createTypeAliasDeclaration(exportMod, name, undefined, schemaType(named.schema, direction, index)), lines);
}
