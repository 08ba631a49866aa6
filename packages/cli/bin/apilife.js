#!/usr/bin/env -S node --max-semi-space-size=32
// The apilife command: the built CLI (dist/) on plain Node, no TypeScript loader at run time
// (docs/adr/0020-built-packages.md). A larger young generation makes linting large documents ~10%
// faster (docs/adr/0002).
import { existsSync } from 'node:fs';

const bin = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(bin)) {
  process.stderr.write(` ✘ apilife is not built: ${bin.pathname} is missing. Run \`pnpm build\` at the repository root.\n`);
  process.exit(2);
}
await import(bin.href);
