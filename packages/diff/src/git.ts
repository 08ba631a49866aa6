import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { InputError } from '@apilife/contract';

const run = promisify(execFile);

/** The contracts root as it was at a git ref, written to a temporary folder (the working tree is not touched). */
export interface TreeAtRef {
  /** The temporary folder standing for the contracts root at the ref. */
  root: string;
  remove(): void;
}

/** The output of `git args` run in `cwd`; an input error carrying git's own message when it fails. */
export async function git(cwd: string, args: string[]): Promise<string> {
  try {
    return (await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' })).stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new InputError(`git ${args.join(' ')}: ${stderr || (error as Error).message}`, cwd, { code: 'git-failed' });
  }
}

/**
 * Reads every file under `contractsRoot` as it was at `ref` (from git's objects: `git ls-tree` and
 * `git show`, no checkout) into a temporary folder.
 */
export async function contractsAtRef(contractsRoot: string, ref: string): Promise<TreeAtRef> {
  const top = (await git(contractsRoot, ['rev-parse', '--show-toplevel'])).trim();
  await git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => {
    throw new InputError(`${ref} is not a commit of the repository at ${top}`, top, { code: 'bad-ref' });
  });
  const prefix = relative(top, contractsRoot).split(sep).join('/');
  const listed = (await git(top, ['ls-tree', '-r', '-z', '--name-only', ref, '--', prefix || '.'])).split('\0').filter(Boolean);
  const root = mkdtempSync(join(tmpdir(), 'apilife-base-'));
  try {
    for (const path of listed) {
      if (!/\.(ya?ml|json)$/i.test(path)) continue;
      const target = join(root, prefix ? path.slice(prefix.length + 1) : path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, await git(top, ['show', `${ref}:${path}`]));
    }
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Entry documents under `root` (files that start an OpenAPI or AsyncAPI document), relative to it, sorted. */
export function entryDocuments(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') walk(path);
      else if (
        entry.isFile() &&
        /\.(ya?ml|json)$/i.test(entry.name) &&
        /(^|\n)\s*"?(openapi|asyncapi)"?\s*:/.test(readFileSync(path, 'utf8').slice(0, 4096))
      )
        found.push(relative(root, path));
    }
  };
  walk(root);
  return found.sort();
}
