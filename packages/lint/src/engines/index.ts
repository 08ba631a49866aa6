import {
  asyncApiParserRules,
  validateAsyncApi,
  type ApiModel,
  type ContractDocument,
  type ContractStore,
  type Diagnostic,
  type ParsedSource,
  type ProjectConfig,
} from '@apilife/contract';
import type { RuleInfo } from '../report.ts';

/** An engine starting on a contract: its id (`spectral`) and a label for people (`Spectral`). */
export type EnginePhase = (phase: { phase: string; label: string }) => void;

/** The engines (Spectral, Redocly, the house rules, and @asyncapi/parser on AsyncAPI documents), ready to run on one contract at a time. */
export interface Engines {
  /** Lints one contract; `onPhase` hears each engine start (a progress line shows it). */
  run(model: ApiModel, document: ContractDocument, entry: ParsedSource, onPhase?: EnginePhase): Promise<Diagnostic[]>;
  /** Every enabled rule of the three engines (loads Redocly's config if no file needed it yet). */
  rules(): Promise<RuleInfo[]>;
  /** Stops the Redocly worker, if one was started. */
  close(): Promise<void>;
}

/** Documents at least this large are linted by Redocly in a worker thread, beside Spectral. */
export const PARALLEL_THRESHOLD_BYTES = 2 * 1024 * 1024;

/**
 * Creates the engines a project config asks for. Loaded on first need only, so a run served
 * wholly from the cache never imports Spectral or Redocly.
 */
export async function createEngines(
  config: ProjectConfig,
  store: ContractStore,
  now: Date,
  parallelThresholdBytes = PARALLEL_THRESHOLD_BYTES,
  /** `false` when the run keeps no results between runs (`--no-cache`): the parser's are not read or kept either. */
  cache?: false,
): Promise<Engines> {
  const [{ loadSpectralConfig, defaultSpectralConfig }, { SpectralEngine }, { RedoclyWorker }, { describeRules }, { boundAjvPatterns }] =
    await Promise.all([
      import('./spectral/config.ts'),
      import('./spectral/engine.ts'),
      import('./redocly/parallel.ts'),
      import('./rules-info.ts'),
      import('./bounded-ajv.ts'),
    ]);
  // Every engine's example checks run contract patterns in bounded time.
  boundAjvPatterns();
  const spectralConfig = config.lint.spectral ? await loadSpectralConfig(config.lint.spectral) : defaultSpectralConfig();
  const spectral = new SpectralEngine(spectralConfig.ruleset, store);
  // Redocly loads on this thread only for files small enough to lint here (or for `rules()`):
  // a large document's Redocly run, imports included, happens in the worker.
  let inThread:
    | Promise<{ engine: import('./redocly/engine.ts').RedoclyEngine; config: import('@redocly/openapi-core').Config }>
    | undefined;
  const redocly = () =>
    (inThread ??= (async () => {
      const { RedoclyEngine, loadRedoclyConfig } = await import('./redocly/engine.ts');
      const redoclyConfig = await loadRedoclyConfig(config.lint.redocly);
      return { engine: new RedoclyEngine(redoclyConfig, store), config: redoclyConfig };
    })());
  const redoclyWorker = new RedoclyWorker(store, config.lint.redocly);
  const house = await createHouseEngine(spectralConfig.house, spectralConfig.houseSeverities, now);
  return {
    async run(model, document, entry, onPhase = () => {}) {
      const found: Diagnostic[] = [];
      if (entry.text.length >= parallelThresholdBytes) {
        // Start Redocly in its thread first, then run Spectral here while it works.
        onPhase({ phase: 'spectral', label: 'Spectral (Redocly in a worker beside it)' });
        const fromRedocly = guarded('Redocly', entry, () => redoclyWorker.run(entry));
        found.push(...(await guarded('Spectral', entry, () => spectral.run(entry))));
        onPhase({ phase: 'redocly', label: 'waiting for Redocly (worker)' });
        found.push(...(await fromRedocly));
      } else {
        onPhase({ phase: 'spectral', label: 'Spectral' });
        found.push(...(await guarded('Spectral', entry, () => spectral.run(entry))));
        onPhase({ phase: 'redocly', label: 'Redocly' });
        const { engine } = await redocly();
        found.push(...(await guarded('Redocly', entry, () => engine.run(entry))));
      }
      // A 3.x document's `$ref`s into an AsyncAPI 2.x file reach that file's 3.0 conversion in
      // apilife's model and the parser, but Spectral and Redocly read the file as written: what
      // they say of it here is about 2.x text judged as 3.0. The file's own lint, as written, says what is wrong in it.
      if (entry.convertedFrom === undefined) {
        const converted = new Set([...document.files.values()].filter((f) => f.convertedFrom !== undefined).map((f) => f.file));
        if (converted.size > 0) found.splice(0, found.length, ...found.filter((d) => !converted.has(d.file)));
      }
      onPhase({ phase: 'house', label: 'house rules' });
      found.push(...(await guarded('the house rules', entry, async () => house.run(model, document))));
      // The official parser validates every AsyncAPI document (its schemas and core rules), through the same store.
      if (document.kind === 'asyncapi') {
        onPhase({ phase: 'asyncapi-parser', label: '@asyncapi/parser' });
        const contract = { entry, files: [...document.files.values()] };
        found.push(
          ...(await guarded('@asyncapi/parser', entry, () => validateAsyncApi(contract, store, cache === false ? { cache } : {}))),
        );
      }
      return found;
    },
    rules: async () =>
      describeRules(spectralConfig.ruleset, (await redocly()).config, house.rules, config.docs.url, await asyncApiParserRules()),
    close: () => redoclyWorker.close(),
  };
}

/**
 * An engine that throws on a document (Redocly does on a `$ref` loop, for one) must not end the
 * run: its failure becomes a finding on that file and the other engines' findings still count.
 */
async function guarded(engine: string, entry: ParsedSource, run: () => Promise<Diagnostic[]>): Promise<Diagnostic[]> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [
      {
        code: 'engine-failed',
        severity: 'error',
        message: `${engine} could not lint this file: ${message}`,
        file: entry.file,
        path: [],
        range: entry.sourceMap.locate([]).range,
        source: 'apilife',
      },
    ];
  }
}

/**
 * The house rules that apply: the safety rules always; the house style (`recommended`) when the
 * ruleset extends `apilife:recommended`, or rule by rule when `rules:` gives one a severity.
 */
async function createHouseEngine(recommended: boolean, severities: Record<string, string | boolean>, now: Date) {
  const [{ HouseEngine }, { HOUSE_RULES }] = await Promise.all([import('./house/engine.ts'), import('../rules/index.ts')]);
  const named = (id: string) => {
    const severity = severities[`apilife/${id}`] ?? severities[id];
    return severity !== undefined && severity !== 'off' && severity !== false;
  };
  return new HouseEngine({
    rules: HOUSE_RULES.filter((rule) => rule.ruleset === 'safety' || recommended || named(rule.id)),
    severities,
    now,
  });
}
