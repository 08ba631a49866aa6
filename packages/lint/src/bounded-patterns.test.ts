import { spawn } from 'node:child_process';
import { apilifeProcessArgs, tempProject } from '@apilife/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue 13: a contract with a catastrophic pattern and an example made to trip it stalled every
 * engine's example check for hours. Lint runs in a child process with a hard deadline (killed
 * past it, which fails the test): it must finish, and all three engines must still check the
 * examples against the pattern (on a linear-time engine) and find them wrong.
 */
const DEADLINE_MS = 120_000;
const CRAFTED = `${'a'.repeat(48)}!`;
const Code = { type: 'string', maxLength: 64, pattern: '^(a+)+$' };

const project = tempProject();
afterAll(() => project.remove());
project.write('contracts/svc/openapi.yaml', {
  openapi: '3.1.0',
  info: { title: 'Codes', version: '1.0.0' },
  paths: {
    '/codes/{code}': {
      put: {
        operationId: 'putCode',
        parameters: [{ name: 'code', in: 'path', required: true, schema: Code, example: CRAFTED }],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' }, example: { code: CRAFTED } } } },
        responses: { '204': { description: 'Stored.' } },
      },
    },
  },
  components: { schemas: { Body: { type: 'object', properties: { code: { ...Code, example: CRAFTED } } } } },
});
project.write('contracts/svc/asyncapi.yaml', {
  asyncapi: '3.0.0',
  info: { title: 'Codes', version: '1.0.0' },
  channels: {
    codes: {
      address: 'codes',
      messages: { CodeSet: { payload: { type: 'object', properties: { code: Code } }, examples: [{ payload: { code: CRAFTED } }] } },
    },
  },
  operations: { receiveCodeSet: { action: 'receive', channel: { $ref: '#/channels/codes' } } },
});

/** Runs `apilife lint --format json` in the project; kills it at the deadline. */
function lintInChild(): Promise<{ code: number | null; killed: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, apilifeProcessArgs(['lint', '--format', 'json', '--no-cache']), {
      cwd: project.root,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, killed: signal === 'SIGKILL', stdout, stderr });
    });
  });
}

type Finding = { code: string; source: string; path: string; message: string; also?: { code: string; source: string }[] };

describe('apilife lint on a catastrophic pattern with a crafted example', () => {
  it('finishes, reports the pattern, and every engine finds the examples invalid', { timeout: DEADLINE_MS + 30_000 }, async () => {
    const run = await lintInChild();
    expect(run.killed, `lint did not finish in ${DEADLINE_MS / 1000} s`).toBe(false);
    expect(run.code, run.stderr).toBe(1);
    const findings = (JSON.parse(run.stdout) as { diagnostics: Finding[] }).diagnostics;
    const at = (path: string) => findings.filter((f) => f.path === path);
    const engines = (f: Finding) => [f.source, ...(f.also ?? []).map((a) => a.source)].sort();
    expect(at('/components/schemas/Body/properties/code/pattern').map((f) => f.code)).toContain('apilife/safe-pattern');
    // The request body example: Spectral, Redocly and the house rule all checked the pattern.
    const example = (path: string) =>
      findings.find((f) => f.code === 'apilife/valid-examples' && f.path === path && f.message.includes('must match pattern "^(a+)+$"'));
    // Media type, parameter and schema examples: Spectral, Redocly and the house rule each checked the pattern.
    for (const path of [
      '/paths/~1codes~1{code}/put/requestBody/content/application~1json/example/code',
      '/paths/~1codes~1{code}/put/parameters/0/example',
      '/components/schemas/Body/properties/code/example',
    ]) {
      const found = example(path);
      expect(found && engines(found), path).toEqual(['apilife', 'redocly', 'spectral']);
    }
    // AsyncAPI 3 message examples: only the house rule checks them (Spectral's rule is for AsyncAPI 2).
    expect(example('/channels/codes/messages/CodeSet/examples/0/payload/code')).toBeDefined();
  });
});
