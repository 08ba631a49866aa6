import { parentPort } from 'node:worker_threads';
import { ContractStore, type Limits } from '@apilife/contract';
import { boundAjvPatterns } from '../bounded-ajv.ts';
import { loadRedoclyConfig, RedoclyEngine } from './engine.ts';

// Redocly's example rules in this thread run contract patterns in bounded time too.
boundAjvPatterns();

/** A request to the worker: lint one file with Redocly, reading through a store with this policy. */
export interface WorkerRequest {
  id: number;
  file: string;
  root: string;
  allow: string[];
  limits: Partial<Limits>;
  config: string | undefined;
}

let engine: Promise<{ engine: RedoclyEngine; store: ContractStore }> | undefined;

parentPort!.on('message', async (request: WorkerRequest) => {
  try {
    engine ??= (async () => {
      const store = new ContractStore({ root: request.root, allow: request.allow, limits: request.limits });
      return { engine: new RedoclyEngine(await loadRedoclyConfig(request.config), store), store };
    })();
    const { engine: redocly, store } = await engine;
    const source = await store.load(request.file);
    if (source.value === undefined) throw new Error(source.diagnostics[0]?.message ?? `cannot read ${request.file}`);
    parentPort!.postMessage({ id: request.id, diagnostics: await redocly.run(source) });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
