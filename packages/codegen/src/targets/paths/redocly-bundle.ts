import { createRequire } from 'node:module';
import { InputError, type ParsedSource } from '@apilife/contract';
import type { Document, Source } from '@redocly/openapi-core';

type RedoclyCore = typeof import('@redocly/openapi-core');

/**
 * The contract bundled by Redocly's `bundleDocument`, the bundler `openapiTS()` runs (openapi-core
 * 1.x, the version openapi-typescript 7.13 depends on): shared components are added, ordered and
 * named as openapi-typescript names them (`TimeWindow`, `schemas-TimeWindow`).
 *
 * Redocly reads nothing: every file is served from `sources`, the texts apilife's ContractStore
 * read inside the contracts root (and allow-listed URLs) and parsed without error; a `$ref` to
 * anything else is refused. Its config is built here, not by `createConfig()`, which would
 * `require()` an `@theme/plugin.js` of the working folder and read its `.redocly.lint-ignore.yaml`:
 * no rules, decorators or plugins, which is what openapi-typescript's config (`minimal` plus one
 * rule) amounts to when bundling.
 * @example
 * const document = await redoclyBundle(ctx.api.file, ctx.sources); // every $ref starts with '#'
 */
export async function redoclyBundle(entry: string, sources: readonly ParsedSource[]): Promise<Record<string, unknown>> {
  const core = redoclyCore();
  // A resolver for the entry, another for the bundle: openapiTS() parses its entry with one (the linter's) and bundles with a fresh one.
  const root = await createSourcesResolver(core, sources)
    .resolveDocument(null, entry, true)
    .catch((error: Error) => error);
  if (root instanceof Error) throw refused(entry, root.message);
  const { bundle, problems } = await core.bundleDocument({
    document: root as Document,
    config: createBundleConfig(core),
    externalRefResolver: createSourcesResolver(core, sources),
    dereference: false,
  });
  const error = problems.find((p) => p.severity === 'error');
  if (error) {
    const at = error.location[0];
    throw refused(at?.source.absoluteRef ?? entry, `${error.message}${at?.pointer ? ` at ${at.pointer}` : ''}`);
  }
  return bundle.parsed as Record<string, unknown>;
}

/** A Redocly resolver that answers from `sources` only: nothing read from disk, nothing fetched. */
function createSourcesResolver(core: RedoclyCore, sources: readonly ParsedSource[]) {
  const texts = new Map(sources.filter((s) => s.value !== undefined).map((s) => [s.file, s.text]));
  class SourcesResolver extends core.BaseResolver {
    override async loadExternalRef(absoluteRef: string): Promise<Source> {
      const text = texts.get(absoluteRef);
      if (text === undefined)
        throw new core.ResolveError(new Error(`${absoluteRef} was not read by apilife's loader (outside the contracts root?)`));
      // As Redocly reads them: files without \r, a URL by what the loader parsed it as.
      return /^https?:\/\//.test(absoluteRef)
        ? new core.Source(absoluteRef, text, 'application/yaml')
        : new core.Source(absoluteRef, text.replace(/\r\n/g, '\n'));
    }
  }
  return new SourcesResolver({ http: { headers: [] } });
}

/** Redocly's styleguide config without rules, decorators or plugins, and no ignore file read. */
function createBundleConfig(core: RedoclyCore) {
  class BundleConfig extends core.StyleguideConfig {
    override resolveIgnore(): void {}
  }
  return new BundleConfig({ plugins: [] });
}

function refused(file: string, message: string): InputError {
  return new InputError(`${file}: paths target: ${message}`, file, { code: 'ref-unresolved' });
}

let loaded: RedoclyCore | undefined;

/** Redocly's core, loaded the first time the target runs (CommonJS, like openapi-typescript's). */
function redoclyCore(): RedoclyCore {
  loaded ??= createRequire(import.meta.url)('@redocly/openapi-core') as RedoclyCore;
  return loaded;
}
