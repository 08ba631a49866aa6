import { BaseResolver, createConfig, lintDocument, Source, type Config, type NormalizedProblem } from '@redocly/openapi-core';
import { readFile } from 'node:fs/promises';
import { ConfigError, parsePointer, type ContractStore, type Diagnostic, type ParsedSource, type Severity } from '@apilife/contract';

/**
 * Loads `redocly.yaml` into a Redocly config. Only local `extends` and rules: plugins and remote
 * config are not fetched.
 */
export async function loadRedoclyConfig(file: string | undefined): Promise<Config> {
  try {
    const text = file ? await readFile(file, 'utf8') : 'extends: [recommended]';
    const { parse } = await import('yaml');
    const raw: unknown = parse(text, { maxAliasCount: 100 }) ?? {};
    return await createConfig(raw as never, file ? { configPath: file } : {});
  } catch (error) {
    throw new ConfigError(`invalid Redocly config ${file}: ${(error as Error).message}`, file, { cause: error });
  }
}

/** A Redocly resolver that serves files from the store and refuses everything the policy denies. */
class StoreResolver extends BaseResolver {
  constructor(private readonly store: ContractStore) {
    super({ http: { customFetch: () => Promise.reject(new Error('remote $refs are not fetched')), headers: [] } } as never);
  }

  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    const target = this.store.target(absoluteRef, `${this.store.policy.root}/`);
    if (target.kind === 'denied') throw new Error(target.message);
    const source = await this.store.load(absoluteRef);
    if (source.value === undefined) throw new Error(source.diagnostics[0]?.message ?? `cannot read ${absoluteRef}`);
    return new Source(absoluteRef, source.text);
  }
}

/** Runs Redocly's rules on a document the store has parsed, sharing its data. */
export class RedoclyEngine {
  constructor(
    private readonly config: Config,
    private readonly store: ContractStore,
  ) {}

  async run(source: ParsedSource): Promise<Diagnostic[]> {
    const resolver = new StoreResolver(this.store);
    const problems = await lintDocument({
      // Redocly reads AsyncAPI 2.6 itself: a 2.x file is linted as written.
      document: { source: new Source(source.file, source.text), parsed: (source.convertedFrom ?? source).value },
      config: this.config,
      externalRefResolver: resolver,
    });
    const out: Diagnostic[] = [];
    for (const problem of problems) {
      const diagnostic = await this.#toDiagnostic(problem, source);
      if (diagnostic) out.push(diagnostic);
    }
    return out;
  }

  async #toDiagnostic(problem: NormalizedProblem, entry: ParsedSource): Promise<Diagnostic | undefined> {
    if (problem.ignored) return undefined;
    const location = problem.location[0];
    const file = location?.source.absoluteRef ?? entry.file;
    const source = file === entry.file ? entry : await this.store.load(file);
    let path: string[] = [];
    try {
      path = location ? parsePointer(location.pointer ?? '#') : [];
    } catch {
      path = [];
    }
    const found = (source.convertedFrom ?? source).sourceMap.locate(path);
    const range = location?.reportOnKey && found.keyRange ? found.keyRange : found.range;
    return {
      code: problem.ruleId,
      severity: (problem.severity === 'warn' ? 'warn' : 'error') as Severity,
      message: problem.message,
      file,
      path,
      range,
      source: 'redocly',
    };
  }
}
