#!/usr/bin/env -S node --max-semi-space-size=32
// The apilife command: the built CLI (dist/) on plain Node, no TypeScript loader at run time
// (docs/adr/0020-built-packages.md). A larger young generation makes linting large documents ~10%
// faster (docs/adr/0002).
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node ≥ 22.1 keeps the code it compiles on disk (in the OS temp folder) and reuses it on the next
// run: a cold lint is ~5% faster (docs/adr/0024-cli-start-up.md). Older Node has no such cache.
module.enableCompileCache?.();

const bin = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(bin)) {
  process.stderr.write(` ✘ apilife is not built: ${bin.pathname} is missing. Run \`pnpm build\` at the repository root.\n`);
  process.exit(2);
}
await import(bin.href);
