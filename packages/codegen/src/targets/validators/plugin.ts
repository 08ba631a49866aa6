import type { TargetContext, TargetFile } from '../../target.ts';
import { validatorsConfig } from './config.ts';
import { fixed, type Stmt } from './dsl.ts';
import { FORMATS } from './formats.ts';
import { operationValidator } from './operation-code.ts';
import { HELPER_DEPENDENCIES, HELPERS, preludeExports } from './prelude.ts';
import { SchemaCode } from './schema-code.ts';

/**
 * `validators.gen.ts`: the exported interfaces, the helpers and format checkers the file uses,
 * constants (regexes, enum sets), one function per named schema and direction, and one
 * `<op>Validator` per operation. Self-contained: no imports, except `re2js` (RE2's linear-time
 * engine) when a pattern could backtrack on a crafted input.
 */
export function buildValidatorsFile(ctx: TargetContext): TargetFile {
  const { api } = ctx;
  const code = new SchemaCode(api);
  const named = new Map(api.schemas.map((s) => [s.name, s] as const));
  const schemaFunctions = code.namedFunctions();
  const operations = api.operations.map((op) => operationValidator(op, code, named));
  const statements: Stmt[] = [
    ...(code.usesLinearEngine ? fixed(`import { RE2JS } from 're2js';`) : []),
    ...preludeExports(validatorsConfig.maxViolations),
    ...helpers(code.helpers).flatMap((name) => fixed(HELPERS[name]!)),
    ...[...code.formats].sort().flatMap((format) => fixed(FORMATS[format]!.source)),
    ...code.constants,
    ...schemaFunctions,
    ...code.functions,
    ...operations,
  ];
  return { path: validatorsConfig.file, statements, description: `Precompiled validators of ${api.title} ${api.version}.` };
}

/** The helpers used, with the helpers they call, in a fixed order. */
function helpers(used: ReadonlySet<string>): string[] {
  const all = new Set<string>();
  const add = (name: string): void => {
    if (all.has(name)) return;
    all.add(name);
    for (const dep of HELPER_DEPENDENCIES[name] ?? []) add(dep);
  };
  for (const name of used) add(name);
  return Object.keys(HELPERS).filter((name) => all.has(name));
}
