import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { ContractStore, Diagnostic, ParsedSource } from '@apilife/contract';
import type { WorkerRequest } from './worker.ts';

/**
 * Redocly in a worker thread, for large documents: it lints while Spectral runs on the main
 * thread, so a 13 MB description costs max(Spectral, Redocly) instead of their sum. The worker
 * reads the file through a store with the same policy and limits, so it is held to the same rules.
 * Small files stay on the main thread (a worker costs ~0.5 s to start).
 */
export class RedoclyWorker {
  #worker: Worker | undefined;
  #next = 0;
  readonly #pending = new Map<number, { resolve: (d: Diagnostic[]) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly store: ContractStore,
    private readonly config: string | undefined,
  ) {}

  run(source: ParsedSource): Promise<Diagnostic[]> {
    const worker = this.#start();
    const id = this.#next++;
    const request: WorkerRequest = {
      id,
      file: source.file,
      root: this.store.policy.root,
      allow: [...this.store.policy.allow],
      limits: this.store.limits,
      config: this.config,
    };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const { url, options } = workerEntry();
    const worker = new Worker(url, options);
    worker.on('message', (message: { id: number; diagnostics?: Diagnostic[]; error?: string }) => {
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.diagnostics ?? []);
    });
    worker.on('error', (error) => this.#failAll(error));
    worker.on('exit', (code) => this.#failAll(new Error(`the Redocly worker stopped (exit code ${code})`)));
    this.#worker = worker;
    return worker;
  }

  #failAll(error: Error): void {
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
    this.#worker = undefined;
  }
}

/**
 * Built, the worker runs `worker.js` beside this file on plain Node. From the TypeScript sources
 * (vitest, tsx) it runs `worker-entry.mjs`, which registers tsx in the thread (a parent's loader
 * hooks don't reach workers), with the `source` condition so workspace packages resolve to their
 * sources too (docs/adr/0020-built-packages.md).
 */
function workerEntry(): { url: URL; options: WorkerOptions } {
  if (import.meta.url.endsWith('.js')) return { url: new URL('./worker.js', import.meta.url), options: {} };
  return { url: new URL('./worker-entry.mjs', import.meta.url), options: { execArgv: [...process.execArgv, '--conditions=source'] } };
}
