import { createRequire } from 'node:module';
import type { GlobalContext, OpenAPI3 } from 'openapi-typescript';
import type { TargetContext, TargetFile } from '../../target.ts';
import { pathsConfig } from './config.ts';
import { redoclyBundle } from './redocly-bundle.ts';

/**
 * openapi-typescript's options as its `openapiTS()` and its CLI default them (7.13.0): the output
 * is what `npx openapi-typescript <contract>` prints.
 */
const DEFAULTS = {
  additionalProperties: false,
  alphabetize: false,
  arrayLength: false,
  defaultNonNullable: true,
  emptyObjectsUnknown: false,
  enum: false,
  enumValues: false,
  conditionalEnums: false,
  dedupeEnums: false,
  excludeDeprecated: false,
  exportType: false,
  immutable: false,
  rootTypes: false,
  rootTypesNoSchemaPrefix: false,
  rootTypesKeepCasing: false,
  pathParamsAsTypes: false,
  propertiesRequiredByDefault: false,
  makePathsEnum: false,
  generatePathParams: false,
  readWriteMarkers: false,
  postTransform: undefined,
  transform: undefined,
  transformProperty: undefined,
  silent: true,
} as const;

/**
 * `paths.gen.ts`: openapi-typescript's transform run on the contract as Redocly bundles it for
 * `openapiTS()` (`redoclyBundle`: from the files apilife read, nothing else), printed by its own
 * printer.
 *
 * `openapiTS()` is not called: its Redocly resolver reads any file and fetches remote `$ref`s, and
 * its config loads plugins from the working folder. The transform it runs afterwards
 * (`transformSchema`) only follows local pointers, so nothing here reads a file or the network.
 */
export async function buildPathsFile(ctx: TargetContext): Promise<TargetFile> {
  const { astToString, COMMENT_HEADER, resolveRef, scanDiscriminators, transformSchema } = openapiTypescript();
  if (!ctx.sources) throw new Error('the paths target needs the files the contract was read from (TargetContext.sources)');
  const schema = (await redoclyBundle(ctx.api.file, ctx.sources)) as unknown as OpenAPI3;
  const context: GlobalContext = {
    ...DEFAULTS,
    discriminators: scanDiscriminators(schema, { silent: true }),
    injectFooter: [],
    redoc: undefined as unknown as GlobalContext['redoc'],
    resolve: ($ref) => resolveRef(schema, $ref, { silent: true }),
  };
  return {
    path: pathsConfig.file,
    statements: [],
    body: COMMENT_HEADER + astToString(transformSchema(schema, context)),
    description: `openapi-typescript 7.13 types of ${ctx.api.title} ${ctx.api.version}: paths, components, operations.`,
  };
}

let loaded: typeof import('openapi-typescript') | undefined;

/**
 * openapi-typescript, loaded the first time the target runs (it loads Redocly's core, about a
 * second): `apilife generate` for other targets, and every command that imports the codegen
 * package, never pay for it. Its CommonJS build, which loads the same Redocly core as `redoclyBundle`.
 */
function openapiTypescript(): typeof import('openapi-typescript') {
  loaded ??= createRequire(import.meta.url)('openapi-typescript') as typeof import('openapi-typescript');
  return loaded;
}
