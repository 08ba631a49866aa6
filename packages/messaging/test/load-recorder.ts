/**
 * `node --import tsx --import ./test/load-recorder.ts`: resolution hooks for the module-graph
 * tests. Every broker client the process imports (`@nats-io/*`, `amqplib`, `ioredis`, `mqtt`,
 * `pg`) is appended, one a line, to the file in `LOAD_RECORDER_FILE`; a client named in
 * `LOAD_RECORDER_MISSING` (comma-separated) is refused as Node refuses a package that is not
 * installed (`ERR_MODULE_NOT_FOUND`), as in a project that did not install that optional peer.
 */
import { register } from 'node:module';

register('./load-recorder-hooks.ts', import.meta.url, {
  data: { file: process.env.LOAD_RECORDER_FILE, missing: (process.env.LOAD_RECORDER_MISSING ?? '').split(',').filter(Boolean) },
});
