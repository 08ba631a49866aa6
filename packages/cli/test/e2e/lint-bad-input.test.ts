import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { truncateSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tempProject, type TempProject } from '@apilife/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApilife } from '../run-cli.ts';

/** A minimal valid OpenAPI 3.1 contract, with a hole for a schema. */
const contract = (schema: object | string) => ({
  openapi: '3.1.0',
  info: { title: 'T', version: '1.0.0' },
  paths: {},
  components: { schemas: { Thing: typeof schema === 'string' ? { $ref: schema } : schema } },
});

interface JsonReport {
  diagnostics: { code: string; file: string; line: number; message: string; severity: string }[];
}

async function lintJson(project: TempProject, ...files: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const run = await runApilife(['lint', '--format', 'json', ...files], project.root);
  return { code: run.code, report: run.stdout ? (JSON.parse(run.stdout) as JsonReport) : { diagnostics: [] }, stderr: run.stderr };
}

const codes = (report: JsonReport) => report.diagnostics.map((d) => d.code);

describe('apilife lint on bad input', () => {
  let project: TempProject;
  beforeEach(() => {
    project = tempProject();
  });
  afterEach(() => project.remove());

  it('invalid YAML: a parse error with its line, exit 1', async () => {
    project.write('contracts/a/openapi.yaml', 'openapi: 3.1.0\ninfo:\n  title: T\n  version: [1.0\npaths: {}\n');
    const { code, report } = await lintJson(project);
    expect(code).toBe(1);
    const parse = report.diagnostics.find((d) => d.code === 'parse-error')!;
    expect(parse.file).toBe('contracts/a/openapi.yaml');
    expect(parse.line).toBeGreaterThanOrEqual(4);
    expect(parse.message).toMatch(/invalid YAML/);
  });

  it('invalid JSON: a parse error with its line, exit 1', async () => {
    project.write(
      'contracts/a/openapi.json',
      '{\n  "openapi": "3.1.0",\n  "info": { "title": "T", "version": "1.0.0" },\n  "paths": {,}\n}\n',
    );
    const { code, report } = await lintJson(project);
    expect(code).toBe(1);
    const parse = report.diagnostics.find((d) => d.code === 'parse-error')!;
    expect(parse.message).toMatch(/invalid JSON/);
    expect(parse.line).toBe(4);
  });

  it('a YAML alias bomb: refused in bounded time and memory', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    project.write(
      'contracts/a/openapi.yaml',
      `openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\npaths: {}\nx-bomb:\n${levels.map((l) => `  ${l}`).join('\n')}\n`,
    );
    const started = Date.now();
    const { code, report } = await lintJson(project);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(1);
    const bomb = report.diagnostics.find((d) => d.code === 'yaml-alias-limit')!;
    expect(bomb.message).toMatch(/alias/);
    expect(bomb.line).toBeGreaterThan(1);
  });

  it('circular $refs: a ref-cycle finding at the $ref', async () => {
    project.write('contracts/a/openapi.yaml', {
      openapi: '3.1.0',
      info: { title: 'T', version: '1.0.0' },
      paths: {},
      components: { schemas: { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } } },
    });
    const { code, report } = await lintJson(project);
    expect(code).toBe(1);
    expect(codes(report)).toContain('ref-cycle');
  });

  it('circular $refs across files terminate too', async () => {
    project.write('contracts/a/openapi.yaml', contract('./b.yaml#/B'));
    project.write('contracts/a/b.yaml', { B: { $ref: './c.yaml#/C' } });
    project.write('contracts/a/c.yaml', { C: { $ref: './b.yaml#/B' } });
    const { report } = await lintJson(project, 'contracts/a/openapi.yaml');
    expect(codes(report)).toContain('ref-cycle');
  });

  it('a recursive schema is valid and not reported as a cycle', async () => {
    project.write(
      'contracts/a/openapi.yaml',
      contract({ type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } } }),
    );
    const { report } = await lintJson(project);
    expect(codes(report)).not.toContain('ref-cycle');
  });

  describe('a $ref to an http(s) URL', () => {
    let server: Server;
    let hits = 0;
    let url = '';
    beforeEach(async () => {
      hits = 0;
      server = createServer((_req, res) => {
        hits++;
        res.setHeader('content-type', 'application/yaml');
        res.end('type: string\n');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/schema.yaml`;
    });
    afterEach(() => new Promise<void>((r) => server.close(() => r())));

    it('is refused without a single connection', async () => {
      project.write('contracts/a/openapi.yaml', contract(url));
      const { code, report } = await lintJson(project);
      expect(code).toBe(1);
      const denied = report.diagnostics.find((d) => d.code === 'ref-remote-denied')!;
      expect(denied.file).toBe('contracts/a/openapi.yaml');
      expect(denied.message).toMatch(/allow-listed/);
      expect(hits).toBe(0);
    });

    it('is fetched when the config allow-lists its prefix', async () => {
      project.write(
        'apilife.config.yaml',
        `contracts: contracts\nlint:\n  cache: false\n  allowRefs: ["${url.replace('schema.yaml', '')}"]\n`,
      );
      project.write('contracts/a/openapi.yaml', contract(url));
      const { report } = await lintJson(project);
      expect(codes(report)).not.toContain('ref-remote-denied');
      // Every engine reads the allow-listed URL through the store: none reports it unresolved.
      expect(codes(report)).not.toContain('invalid-ref');
      expect(codes(report)).not.toContain('no-unresolved-refs');
      expect(hits).toBeGreaterThan(0);
    });
  });

  it('a $ref outside the contracts root: refused, and the file is never opened', async () => {
    // A FIFO: opening it for reading blocks until a writer comes, so a read would hang the test.
    const secret = project.path('outside/secret.yaml');
    project.write('outside/.keep', '');
    execFileSync('mkfifo', [secret]);
    project.write('contracts/a/openapi.yaml', contract('../../outside/secret.yaml'));
    const { code, report } = await lintJson(project);
    expect(code).toBe(1);
    const denied = report.diagnostics.find((d) => d.code === 'ref-outside-root')!;
    expect(denied.message).toMatch(/outside the contracts root/);
    expect(denied.line).toBeGreaterThan(1);
  });

  it('a folder outside the root can be allow-listed', async () => {
    project.write('shared-schemas/thing.yaml', 'type: string\n');
    project.write('apilife.config.yaml', 'contracts: contracts\nlint:\n  cache: false\n  allowRefs: [shared-schemas]\n');
    project.write('contracts/a/openapi.yaml', contract('../../shared-schemas/thing.yaml'));
    const { report } = await lintJson(project);
    expect(codes(report)).not.toContain('ref-outside-root');
    expect(codes(report)).not.toContain('invalid-ref');
  });

  it('a 50 MB file: refused by size before it is read', async () => {
    const big = project.write('contracts/a/openapi.json', '');
    truncateSync(big, 50 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const { code, report } = await lintJson(project);
    expect(code).toBe(1);
    const tooBig = report.diagnostics.find((d) => d.code === 'file-too-large')!;
    expect(tooBig.message).toMatch(/50\.0 MB, over the limit/);
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
  });

  it('nesting past the depth limit: a finding, not a stack overflow', async () => {
    project.write(
      'contracts/a/openapi.json',
      `{"openapi":"3.1.0","info":{"title":"T","version":"1.0.0"},"paths":{},"x-deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    );
    const { code, report } = await lintJson(project);
    expect(code).toBe(1);
    expect(codes(report)).toContain('max-depth');
  });

  it('a file that is not OpenAPI or AsyncAPI, named explicitly: not-a-contract', async () => {
    const file = project.write('contracts/a/package.json', JSON.stringify({ name: 'x', version: '1.0.0' }));
    const { code, report } = await lintJson(project, file);
    expect(code).toBe(1);
    expect(codes(report)).toEqual(['not-a-contract']);
  });

  it('a file that does not exist: a usage error, exit 2, no stack trace', async () => {
    const run = await runApilife(['lint', 'contracts/nope.yaml'], project.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not found/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a file outside the root named on the command line is judged against its own folder', async () => {
    project.write('elsewhere/api/openapi.yaml', contract('../common.yaml#/Thing'));
    project.write('elsewhere/common.yaml', { Thing: { type: 'string' } });
    const { report } = await lintJson(project, 'elsewhere/api/openapi.yaml');
    expect(codes(report)).toContain('ref-outside-root');
  });

  it('a broken config is a usage error naming the key, exit 2', async () => {
    writeFileSync(project.path('apilife.config.yaml'), 'contracts: contracts\nlint:\n  failSeverty: warn\n');
    const run = await runApilife(['lint'], project.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/lint\.failSeverty/);
  });
});
