import { Spectral, type ISpectralDiagnostic, type Ruleset } from '@stoplight/spectral-core';
import { Resolver } from '@stoplight/spectral-ref-resolver';
import type { ContractStore, Diagnostic, ParsedSource, Severity } from '@apilife/contract';

const SEVERITY: Severity[] = ['error', 'warn', 'info', 'hint'];

/**
 * Runs a Spectral ruleset on documents the store has already parsed. Spectral gets our parsed data
 * and our source map (no second parse of a 13 MB file), and a resolver that reads only through
 * the store: a `$ref` the policy denies fails inside Spectral as an unresolved ref, never as a
 * network connection or a read outside the root.
 */
export class SpectralEngine {
  readonly #spectral: Spectral;

  constructor(ruleset: Ruleset, store: ContractStore) {
    // Every scheme reads through the store: files inside the root, allow-listed folders and URL
    // prefixes; everything else fails as an unresolved ref, without a read or a connection.
    const read = {
      async resolve(uri: { href(): string }): Promise<string> {
        const target = store.target(uri.href(), `${store.policy.root}/`);
        if (target.kind === 'denied') throw new Error(target.message);
        const source = await store.load(target.kind === 'url' ? target.url : uri.href());
        if (source.value === undefined) throw new Error(source.diagnostics[0]?.message ?? `cannot read ${uri.href()}`);
        return source.text;
      },
    };
    const resolver = new Resolver({ resolvers: { file: read, http: read, https: read } });
    this.#spectral = new Spectral({ resolver });
    this.#spectral.setRuleset(ruleset);
  }

  async run(source: ParsedSource): Promise<Diagnostic[]> {
    // Spectral's AsyncAPI rules read 2.x themselves: an AsyncAPI 2 file is linted as written, so
    // its findings name the paths and lines of the file.
    const { value, sourceMap } = source.convertedFrom ?? source;
    // A parser result (not a Document): Spectral wraps it in its ParsedDocument and parses nothing.
    const parsed = {
      source: source.file,
      parsed: { data: value, diagnostics: [], ast: {}, lineMap: [] },
      getLocationForJsonPath: (_parsed: unknown, path: readonly (string | number)[]) => ({ range: sourceMap.locate(path).range }),
    };
    const results = await this.#spectral.run(parsed as never);
    return results.map((r) => toDiagnostic(r, source.file));
  }
}

function toDiagnostic(result: ISpectralDiagnostic, file: string): Diagnostic {
  return {
    code: String(result.code),
    severity: SEVERITY[result.severity] ?? 'error',
    message: result.message,
    file: result.source ?? file,
    path: result.path,
    range: result.range,
    source: 'spectral',
  };
}
