import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let generatorHash: string | undefined;

/**
 * What the generated code depends on besides the IR: the validators target's own source (so an
 * apilife upgrade, or a change to the target while developing, never reuses old code).
 */
function generatorFingerprint(): string {
  if (generatorHash !== undefined) return generatorHash;
  const hash = createHash('sha256');
  try {
    const entry = fileURLToPath(import.meta.resolve('@apilife/codegen'));
    const folder = join(dirname(entry), 'targets', 'validators');
    for (const name of readdirSync(folder).sort()) {
      if (name.includes('.test.')) continue;
      hash.update(name).update(readFileSync(join(folder, name)));
    }
    hash.update(readFileSync(fileURLToPath(import.meta.url)));
  } catch {
    // Without its sources the key still has the IR; a stale entry is then possible only across versions.
    hash.update(String(Date.now()));
  }
  generatorHash = hash.digest('hex');
  return generatorHash;
}

/**
 * A content-hash cache of compiled validators, one JavaScript file per key (the planned IR and
 * the generator's fingerprint): a second `apilife pact check` against the same contract skips
 * generating, printing and stripping the code (and loading TypeScript). A cache that cannot be
 * read or written is only slower, never wrong.
 */
export class ValidatorCache {
  constructor(readonly folder: string) {}

  key(ir: unknown): string {
    return createHash('sha256').update(generatorFingerprint()).update(JSON.stringify(ir)).digest('hex').slice(0, 40);
  }

  get(key: string): string | undefined {
    try {
      const file = join(this.folder, `validators-${key}.cjs`);
      return statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  }

  set(key: string, code: string): void {
    try {
      mkdirSync(this.folder, { recursive: true });
      const file = join(this.folder, `validators-${key}.cjs`);
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, code);
      renameSync(temp, file);
    } catch {
      // Only slower next time.
    }
  }
}
