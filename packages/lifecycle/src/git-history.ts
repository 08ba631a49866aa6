import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { git } from '@apilife/diff';
import { InputError } from '@apilife/contract';

/** Where the contracts root is in its git repository. */
export interface ContractsRepo {
  /** The repository's top folder. */
  top: string;
  /** The contracts root relative to `top`, with `/` (`contracts`; `.` when it is the top). */
  prefix: string;
}

/** One commit that changed the contracts root. */
export interface ContractsCommit {
  sha: string;
  /** Committer date, YYYY-MM-DD (the day it landed on the branch). */
  date: string;
  subject: string;
}

/** File → git blob id, paths relative to the contracts root (`delivery/openapi.yaml`, `_shared/ids.yaml`). */
export type Blobs = Map<string, string>;

/** The repository holding `contractsRoot`; an input error when there is none (or git is missing). */
export async function contractsRepo(contractsRoot: string): Promise<ContractsRepo> {
  const top = (
    await git(contractsRoot, ['rev-parse', '--show-toplevel']).catch((error: InputError) => {
      throw new InputError(
        `${contractsRoot} is not in a git repository: the changelog is read from the contracts' git history (${error.message.split('\n')[0]})`,
        contractsRoot,
        { code: 'not-a-repository' },
      );
    })
  ).trim();
  return { top, prefix: relative(top, contractsRoot).split(sep).join('/') || '.' };
}

/** The full commit id of `ref`; an input error naming the ref when it is not a commit. */
export async function resolveCommit(repo: ContractsRepo, ref: string): Promise<string> {
  const sha = await git(repo.top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => '');
  if (!sha.trim()) throw new InputError(`${ref} is not a commit of the repository at ${repo.top}`, repo.top, { code: 'bad-ref' });
  return sha.trim();
}

/**
 * The commits on HEAD's first-parent line that changed the contracts root, oldest first (none when
 * the repository has no commit yet).
 */
export async function contractsCommits(repo: ContractsRepo): Promise<ContractsCommit[]> {
  const head = await git(repo.top, ['rev-parse', '--verify', '--quiet', 'HEAD']).catch(() => '');
  if (!head.trim()) return [];
  const log = await git(repo.top, ['log', '--first-parent', '--reverse', '--format=%H%x1f%cs%x1f%s%x1e', 'HEAD', '--', repo.prefix]);
  return log
    .split('\x1e')
    .map((record) => record.trim())
    .filter(Boolean)
    .map((record) => {
      const [sha = '', date = '', subject = ''] = record.split('\x1f');
      return { sha, date, subject };
    });
}

/** The commits reachable from `ref` (after checking it is one) that changed the contracts root. */
export async function commitsUpTo(repo: ContractsRepo, ref: string): Promise<Set<string>> {
  const sha = await resolveCommit(repo, ref);
  return new Set((await git(repo.top, ['rev-list', sha, '--', repo.prefix])).split('\n').filter(Boolean));
}

/** The blob of every file under the contracts root at a commit (`git ls-tree`). */
export async function blobsAt(repo: ContractsRepo, sha: string): Promise<Blobs> {
  const listing = await git(repo.top, ['ls-tree', '-r', '-z', '--full-tree', sha, '--', repo.prefix]);
  const blobs: Blobs = new Map();
  for (const line of listing.split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(line);
    if (match) blobs.set(underRoot(repo, match[2]!), match[1]!);
  }
  return blobs;
}

/**
 * The blob ids the working tree's files would get (tracked and untracked, not ignored), hashed as
 * git does, so they compare with `blobsAt`.
 */
export async function workingTreeBlobs(repo: ContractsRepo): Promise<Blobs> {
  const listed = (await git(repo.top, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', repo.prefix]))
    .split('\0')
    .filter(Boolean);
  const algorithm =
    (await git(repo.top, ['rev-parse', '--show-object-format']).catch(() => 'sha1')).trim() === 'sha256' ? 'sha256' : 'sha1';
  const blobs: Blobs = new Map();
  await Promise.all(
    [...new Set(listed)].map(async (path) => {
      const content = await workingTreeContent(join(repo.top, path));
      if (content) blobs.set(underRoot(repo, path), createHash(algorithm).update(`blob ${content.length}\0`).update(content).digest('hex'));
    }),
  );
  return blobs;
}

/**
 * What git would store for a working-tree path: a symlink's target as text (git never follows
 * one, so neither do we: it may point out of the contracts root), a regular file's bytes, and
 * nothing for anything else (a FIFO would block the read forever).
 */
async function workingTreeContent(file: string): Promise<Buffer | undefined> {
  const info = await lstat(file).catch(() => undefined);
  if (info?.isSymbolicLink()) return Buffer.from(await readlink(file));
  if (!info?.isFile()) return undefined;
  return readFile(file).catch(() => undefined);
}

function underRoot(repo: ContractsRepo, path: string): string {
  return repo.prefix === '.' ? path : path.slice(repo.prefix.length + 1);
}

/** The contracts root at some commits, written to temporary folders; blobs are read once. */
export interface Trees {
  /** The folder standing for the contracts root with these blobs (YAML and JSON files only). */
  write(blobs: Blobs): Promise<string>;
  remove(): Promise<void>;
}

/**
 * Writes states of the contracts root from their blob ids (one `git cat-file --batch` per state,
 * for the blobs not read before), as `contractsAtRef` does for one ref with a `git show` a file.
 */
export function createTrees(repo: ContractsRepo): Trees {
  const contents = new Map<string, Buffer>();
  const folders: string[] = [];
  return {
    async write(blobs) {
      const files = [...blobs].filter(([path]) => /\.(ya?ml|json)$/i.test(path));
      const missing = [...new Set(files.map(([, id]) => id).filter((id) => !contents.has(id)))];
      for (const [id, content] of await readBlobs(repo, missing)) contents.set(id, content);
      const root = await mkdtemp(join(tmpdir(), 'apilife-changelog-'));
      folders.push(root);
      for (const [path, id] of files) {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), contents.get(id)!);
      }
      return root;
    },
    async remove() {
      await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
    },
  };
}

/** Reads blobs by id with one `git cat-file --batch`. */
function readBlobs(repo: ContractsRepo, ids: string[]): Promise<Map<string, Buffer>> {
  if (ids.length === 0) return Promise.resolve(new Map());
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: repo.top, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new InputError(`git cat-file: ${error.message}`, repo.top, { code: 'git-failed' })));
    child.on('close', (code) => {
      if (code !== 0)
        return reject(new InputError(`git cat-file --batch: ${stderr.trim() || `exit ${code}`}`, repo.top, { code: 'git-failed' }));
      const out = Buffer.concat(chunks);
      const read = new Map<string, Buffer>();
      let at = 0;
      for (const id of ids) {
        const eol = out.indexOf(10, at);
        const header = out.subarray(at, eol).toString().split(' ');
        if (header[1] !== 'blob')
          return reject(new InputError(`git cat-file: ${id} is not a blob (${header.join(' ')})`, repo.top, { code: 'git-failed' }));
        const size = Number(header[2]);
        read.set(id, out.subarray(eol + 1, eol + 1 + size));
        at = eol + 1 + size + 1;
      }
      resolvePromise(read);
    });
    child.stdin.end(`${ids.join('\n')}\n`);
  });
}
