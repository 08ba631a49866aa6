// `prepack` of every published package (pnpm pack / pnpm publish run it in the package folder):
// ships the repository's LICENSE, and refuses to pack a package whose dist/ lacks a file its
// exports or bin name (run `pnpm build` first). docs/adr/0020-built-packages.md
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.cwd();
const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
copyFileSync(join(import.meta.dirname, '..', 'LICENSE'), join(dir, 'LICENSE'));

const targets = (entry) => (typeof entry === 'string' ? [entry] : Object.values(entry).flatMap(targets));
const wanted = [...targets(manifest.publishConfig?.exports ?? {}), ...targets(manifest.bin ?? {})];
const missing = wanted.filter((file) => !existsSync(join(dir, file)));
if (missing.length > 0) {
  process.stderr.write(` ✘ ${manifest.name}: ${missing.join(', ')} missing. Run \`pnpm build\` at the repository root before packing.\n`);
  process.exit(1);
}
