/**
 * `node --import <LOAD_RECORDER>`: resolution hooks for module-graph tests. The package of every
 * bare specifier the process resolves (`@nats-io/jetstream`, `ajv`, …) is appended, one a line, to
 * the file in `LOAD_RECORDER_FILE`; a package named in `LOAD_RECORDER_MISSING` (comma-separated) is
 * refused as Node refuses a package that is not installed (`ERR_MODULE_NOT_FOUND`), as in a project
 * that did not install that optional peer.
 */
import { register } from 'node:module';

register('./load-recorder-hooks.ts', import.meta.url, {
  data: { file: process.env.LOAD_RECORDER_FILE, missing: (process.env.LOAD_RECORDER_MISSING ?? '').split(',').filter(Boolean) },
});
