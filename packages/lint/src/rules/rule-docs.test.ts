import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadContracts } from '@apilife/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { HouseEngine } from '../engines/house/engine.ts';
import { HOUSE_RULES } from './index.ts';

/** `text` moved right by `n` spaces (every line). */
const indent = (text: string, n: number) => text.replace(/^/gm, ' '.repeat(n));
const INFO = 'info: { title: T, version: 1.0.0 }';
const ok = "responses: { '200': { description: OK } }";
const operation = (fragment: string) =>
  `openapi: 3.1.0\n${INFO}\npaths:\n  /a:\n    post:\n      operationId: createA\n${indent(fragment, 6)}\n`;
const OPENAPI = `openapi: 3.1.0\n${INFO}\n`;

/**
 * Where each rule's documented fragments sit in a whole contract: the docs show the part that
 * matters, this puts it in a document so the rule can run on it.
 */
const CONTEXT: Record<string, { file?: string; wrap: (fragment: string) => string }> = {
  'info-version-semver': { wrap: (f) => `openapi: 3.1.0\n${f}\npaths: {}\n` },
  'lifecycle-metadata': { wrap: (f) => `openapi: 3.1.0\n${f}\npaths: {}\n` },
  'problem-json': { wrap: (f) => operation(f) },
  'operation-id-style': { wrap: (f) => `${OPENAPI}${f.replace(/operationId: .*/, (m) => `${m}\n      ${ok}`)}\n` },
  'valid-examples': {
    wrap: (f) => operation(`responses:\n  '200':\n    description: OK\n    content:\n      application/json:\n${indent(f, 8)}`),
  },
  'deprecation-metadata': {
    wrap: (f) =>
      `${OPENAPI}paths:\n  /status:\n    get:\n      operationId: getStatus\n      ${ok}\n${indent(f.replace(/(operationId: .*)/, `$1\n    ${ok}`), 2)}\n`,
  },
  'safe-pattern': { wrap: (f) => operation(`parameters:\n  - name: q\n    in: query\n${indent(f, 4)}\n${ok}`) },
  'request-unknown-properties': { wrap: (f) => operation(`${f}\n${ok}`) },
  'paginated-lists': {
    wrap: (f) => `${OPENAPI}paths:\n${indent(f, 2)}\ncomponents:\n  schemas:\n    Order: { type: object }\n`,
  },
  'interaction-style': { wrap: (f) => `${OPENAPI}paths:\n${indent(f, 2)}\n` },
  'reply-correlation-id': {
    file: 'asyncapi.yaml',
    wrap: (f) => `asyncapi: 3.0.0
${INFO}
channels:
  requests:
    address: requests
${indent(f, 4)}
  replies:
    address: replies
    messages:
      Assigned:
        payload: { type: object }
        correlationId: { location: '$message.header#/correlationId' }
operations:
  assignDrone:
    action: send
    channel: { $ref: '#/channels/requests' }
    reply:
      channel: { $ref: '#/channels/replies' }
`,
  },
};

const root = mkdtempSync(join(tmpdir(), 'apilife-rule-docs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The rule's findings on a fragment put in its context. */
async function findings(id: string, fragment: string, name: string): Promise<string[]> {
  const context = CONTEXT[id]!;
  const dir = join(root, `${id}-${name}`);
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  write(`svc/${context.file ?? 'openapi.yaml'}`, context.wrap(fragment));
  write('_shared/problem.yaml', 'components:\n  schemas:\n    Problem: { type: object }\n');
  const { model } = await loadContracts({ root: dir });
  const engine = new HouseEngine({ rules: HOUSE_RULES.filter((r) => r.id === id), now: new Date('2026-11-24T00:00:00Z') });
  return model.documents.flatMap((d) => engine.run(model, d)).map((f) => f.message);
}

describe('the examples in the house rules’ docs', () => {
  it('cover every house rule', () => {
    expect(Object.keys(CONTEXT).sort()).toEqual(HOUSE_RULES.map((r) => r.id).sort());
  });

  it.each(HOUSE_RULES.map((r) => [r.id, r] as const))('%s: the failing example is reported, the passing one is not', async (id, rule) => {
    expect(await findings(id, rule.docs.failing, 'failing')).not.toEqual([]);
    expect(await findings(id, rule.docs.passing, 'passing')).toEqual([]);
  });
});
