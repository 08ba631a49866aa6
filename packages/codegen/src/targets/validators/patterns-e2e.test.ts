import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureIR, generateFixture, writeTemporary } from '../../../test/server-features.ts';

/**
 * Issue 13: a generated server compiled contract patterns with `new RegExp`, so one request
 * with a crafted value (`aaaa…a!` for `^(a+)+$`) pinned a core for hours. The `patterns`
 * fixture's server runs in a child process (a pinned one cannot answer, while this process
 * keeps its event loop): crafted requests must get a prompt 400 problem, and the server must go
 * on answering.
 */
const FIXTURE = join(import.meta.dirname, '../../__fixtures__/patterns/openapi.yaml');
const DEADLINE_MS = 30_000;
const SERVE = `
import { serve } from '@hono/node-server';
import { createServer } from './server.gen.ts';
const app = createServer({ putCode: async () => ({ status: 204 }) });
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log('listening ' + info.port));
`;

let child: ChildProcess;
let base: string;
let remove: () => Promise<void>;

beforeAll(async () => {
  const written = await writeTemporary(await generateFixture(await fixtureIR(FIXTURE), FIXTURE));
  remove = written.remove;
  await writeFile(join(written.dir, 'serve.ts'), SERVE);
  await writeFile(join(written.dir, 'entry.mjs'), `import { register } from 'tsx/esm/api';\nregister();\nawait import('./serve.ts');\n`);
  child = spawn(process.execPath, ['--conditions=source', join(written.dir, 'entry.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const port = /listening (\d+)/.exec(out)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
}, 60_000);
afterAll(async () => {
  child?.kill('SIGKILL');
  await remove?.();
});

const put = (code: string, body: unknown) =>
  fetch(`${base}/codes/${code}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(DEADLINE_MS),
  });

describe('a generated server and catastrophic patterns', () => {
  it('answers a crafted path parameter with a 400 problem', { timeout: DEADLINE_MS + 5000 }, async () => {
    const res = await put(`${'a'.repeat(120)}!`, {});
    expect([res.status, res.headers.get('content-type')]).toEqual([400, 'application/problem+json']);
    expect(await res.text()).toContain('must match pattern');
  });
  it('answers crafted body values and property names with a 400 problem', { timeout: DEADLINE_MS + 5000 }, async () => {
    const res = await put('aaa', { ranges: `${'1-'}${'111-'.repeat(1500)}1!`, [`${'x'.repeat(5000)}`]: 'value' });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('/ranges');
  });
  it('goes on answering valid requests', { timeout: DEADLINE_MS + 5000 }, async () => {
    const res = await put('aaaa', { slug: 'abc-1', ranges: '1-2' });
    expect(res.status).toBe(204);
  });
});
