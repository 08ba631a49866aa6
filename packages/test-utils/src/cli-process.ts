import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLI_SOURCE = fileURLToPath(new URL('../../cli/src/bin.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * `node` arguments that run `apilife …` in a child process from the CLI's TypeScript sources, as
 * the in-process tests do (tsx, the `source` condition; no build, and a stale `dist/` can't leak in).
 * The CLI is found by path, so this package does not depend on `@apilife/cli` (no cycle).
 * @example
 * spawn(process.execPath, apilifeProcessArgs(['lint', '--format', 'json']), { cwd: project.root });
 */
export function apilifeProcessArgs(args: readonly string[]): string[] {
  return ['--conditions=source', '--import', TSX, CLI_SOURCE, ...args];
}
