import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PactV4, SpecificationVersion } from '@pact-foundation/pact';

/** Where and as whom a consumer's pact is written. */
export interface PactOptions {
  /** The consumer's name: its folder under the contracts root (`gateway`, `delivery-scheduler`). */
  consumer: string;
  /** Folder of the pact files; default `$APILIFE_PACT_DIR`, else `pacts` in the working directory. */
  dir?: string;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
}

const started = new Set<string>();

/**
 * A V4 pact between `consumer` and `provider`, written to `<dir>/<consumer>-<provider>.json`. The
 * file is started afresh the first time a process opens it, so the pact holds exactly the
 * interactions its tests declare (same tests, same bytes) rather than merging with an old run's:
 * keep one test file per consumer–provider pair.
 */
export function openPact(provider: string, options: PactOptions): PactV4 {
  const dir = resolve(options.dir ?? process.env.APILIFE_PACT_DIR ?? 'pacts');
  const file = join(dir, `${options.consumer}-${provider}.json`);
  if (!started.has(file)) {
    rmSync(file, { force: true });
    started.add(file);
  }
  return new PactV4({
    consumer: options.consumer,
    provider,
    dir,
    logLevel: options.logLevel ?? 'warn',
    spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
  });
}
