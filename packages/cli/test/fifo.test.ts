import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tempProject } from '@apilife/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A FIFO (named pipe) in the contracts root: opening one for reading blocks until a writer appears,
 * so every read of a path found by walking a folder or named in a finding must check first that it
 * is a regular file. The built command runs as a child with a time limit: a read that blocks shows
 * up as a timeout here, not as a hung test run.
 */
const BIN = join(import.meta.dirname, '../bin/apilife.js');
const LIMIT_MS = 30_000;

function apilife(args: string[], cwd: string) {
  const { NODE_OPTIONS: _, ...env } = process.env;
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8', timeout: LIMIT_MS });
  return { code: run.status, signal: run.signal, output: `${run.stdout}${run.stderr}` };
}

const openapi = (title: string, schema: object) => ({
  openapi: '3.1.0',
  info: { title, version: '1.0.0' },
  paths: {
    '/items': {
      get: {
        operationId: 'listItems',
        responses: { '200': { description: 'The items.', content: { 'application/json': { schema } } } },
      },
    },
  },
});

// The lint cache stays on: its second run hashes the files the first one reached, the FIFO among them.
const project = tempProject('contracts: contracts\n');
afterAll(() => project.remove());
project.write('contracts/piped/openapi.yaml', openapi('Piped', { type: 'string' }));
project.write('contracts/refs/openapi.yaml', openapi('Refs', { type: 'string' }));
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main', ...args], {
    cwd: project.root,
    stdio: 'ignore',
  });
git('init', '-q');
git('add', '-A');
git('commit', '-q', '-m', 'clean');
// Then the working tree: the committed contract replaced by a FIFO, and a `$ref` to another one.
rmSync(project.path('contracts/piped/openapi.yaml'));
execFileSync('mkfifo', [project.path('contracts/piped/openapi.yaml'), project.path('contracts/refs/pipe.yaml')]);
project.write('contracts/refs/openapi.yaml', openapi('Refs', { $ref: './pipe.yaml' }));

describe('a FIFO in the contracts root', () => {
  it('diff --base reports the refused $ref and does not read the FIFO that replaced a contract', () => {
    const run = apilife(['diff', '--base', 'main'], project.root);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(2);
    expect(run.output).toMatch(/\$ref "\.\/pipe\.yaml": not a file: .*refs\/pipe\.yaml/);
  });

  it('lint (twice, the second from the cache) and promote --dry-run finish without a crash', () => {
    for (const args of [['lint'], ['lint'], ['lifecycle', 'promote', 'refs', 'design', '--dry-run']]) {
      const run = apilife(args, project.root);
      expect(run.signal, args.join(' ')).toBeNull();
      expect(run.code, `${args.join(' ')}\n${run.output}`).toBe(1);
      expect(run.output).not.toMatch(/internal error|Cannot find module/);
    }
    expect(apilife(['lint', 'contracts/piped/openapi.yaml'], project.root).output).toMatch(/not a file: .*piped\/openapi\.yaml/);
  });
});
