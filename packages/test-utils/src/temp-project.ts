import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

export interface TempProject {
  root: string;
  /** Writes a file (an object is written as YAML), answers its absolute path. */
  write(rel: string, content: string | object | Buffer): string;
  path(rel: string): string;
  remove(): void;
}

/** A throwaway project folder with an `apilife.config.yaml` and a `contracts/` folder. */
export function tempProject(config = 'contracts: contracts\nlint:\n  cache: false\n'): TempProject {
  const root = mkdtempSync(join(tmpdir(), 'apilife-test-'));
  const project: TempProject = {
    root,
    path: (rel) => join(root, rel),
    write(rel, content) {
      const path = join(root, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, typeof content === 'string' || Buffer.isBuffer(content) ? content : stringify(content));
      return path;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  project.write('apilife.config.yaml', config);
  mkdirSync(join(root, 'contracts'), { recursive: true });
  return project;
}
