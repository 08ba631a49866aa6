import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { ApiIR, OperationIR, SecuritySchemeIR } from '@apilife/contract';
import { loadContractIR } from '../src/contract-ir.ts';
import type { Hono } from 'hono';
import { buildFiles, contextFor } from '../src/generate.ts';
import type { TargetName } from '../src/target.ts';

export const REPO = resolve(import.meta.dirname, '../../..');
export const CONTRACTS = join(REPO, 'contracts');
export const CONTRACT_SERVICES = [
  'accounts',
  'package',
  'drone-management',
  'delivery',
  'delivery-history',
  'delivery-scheduler',
  'gateway',
];

/**
 * Generates a contract's files into a throwaway folder inside the package (so `hono` and the
 * runtime packages resolve) and imports them. `remove()` deletes the folder.
 */
export async function generateInto<M = Record<string, unknown>>(
  contract: string,
  targets: TargetName[],
  options: { root?: string; name?: string } = {},
): Promise<{ api: ApiIR; dir: string; load: (file: string) => Promise<M>; remove: () => void }> {
  const ir = await loadContractIR(contract, { root: options.root ?? CONTRACTS });
  const dir = join(REPO, 'packages/codegen', `.tmp-${options.name ?? 'gen'}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(dir, { recursive: true });
  const { files } = await buildFiles(targets, contextFor(ir, { contract }, { projectDir: REPO }));
  for (const file of files) writeFileSync(join(dir, file.path), file.content);
  return {
    api: ir.api,
    dir,
    load: async (file) => (await import(join(dir, file))) as M,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Serves a Hono app on 127.0.0.1 and an ephemeral port. */
export async function listen(
  app: Hono<never> | { fetch: (request: Request) => Response | Promise<Response> },
): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((done) => {
    const server: ServerType = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
      done({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((closed) => server.close(() => closed())),
      });
    });
  });
}

export const TEST_API_KEY = 'test-api-key-0123456789';
export const TEST_TOKEN = 'test-bearer-token';

/** Security configuration that accepts the test credentials for every scheme (with every scope). */
export function testSecurity(api: ApiIR): Record<string, unknown> {
  const scopes = [...new Set(api.operations.flatMap((o) => o.security.flatMap((alt) => alt.flatMap((s) => s.scopes))))];
  const principal = { subject: 'tester', scopes };
  const security: Record<string, unknown> = {};
  for (const scheme of api.securitySchemes) security[scheme.name] = schemeSecurity(scheme, principal);
  return security;
}

function schemeSecurity(scheme: SecuritySchemeIR, principal: { subject: string; scopes: string[] }): unknown {
  if (scheme.type === 'apiKey') return { verify: (key: string) => (key === TEST_API_KEY ? principal : undefined) };
  if (scheme.type === 'http' && scheme.scheme === 'basic')
    return { verify: (user: string, password: string) => (user === 'tester' && password === TEST_TOKEN ? principal : undefined) };
  if ((scheme.type === 'http' && scheme.scheme === 'bearer') || scheme.type === 'oauth2' || scheme.type === 'openIdConnect')
    return { verify: (token: string) => (token === TEST_TOKEN ? principal : undefined) };
  return { authenticate: () => principal };
}

/** Headers that satisfy an operation's first security alternative, or nothing when it is open. */
export function credentials(api: ApiIR, op: OperationIR): Record<string, string> {
  const alternative = op.security[0];
  const headers: Record<string, string> = {};
  for (const requirement of alternative ?? []) {
    const scheme = api.securitySchemes.find((s) => s.name === requirement.scheme);
    if (scheme?.type === 'apiKey' && scheme.in === 'header' && scheme.paramName) headers[scheme.paramName] = TEST_API_KEY;
    else if (scheme?.type === 'http' && scheme.scheme === 'basic')
      headers['authorization'] = `Basic ${Buffer.from(`tester:${TEST_TOKEN}`).toString('base64')}`;
    else headers['authorization'] = `Bearer ${TEST_TOKEN}`;
  }
  return headers;
}
