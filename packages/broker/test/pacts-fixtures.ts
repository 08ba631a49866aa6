/** Pacts for the broker's tests: a V3 HTTP pact between two pacticipants, as a file or a publish body. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A pact whose interactions are `GET /orders/{id}` for each id (changing the ids changes the content). */
export function pactJson(consumer: string, provider: string, orderIds: readonly string[] = ['o-1']): Record<string, unknown> {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: orderIds.map((id) => ({
      description: `a request for order ${id}`,
      providerStates: [{ name: `order ${id} exists` }],
      request: { method: 'GET', path: `/orders/${id}` },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id } },
    })),
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

/** A folder of the test's own to write pact files in; `remove` deletes it. */
export function pactDir(): { dir: string; write(pact: Record<string, unknown>): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'apilife-broker-pacts-'));
  return {
    dir,
    write(pact) {
      const file = join(dir, `${(pact.consumer as { name: string }).name}-${(pact.provider as { name: string }).name}.json`);
      writeFileSync(file, JSON.stringify(pact));
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The body of `POST /contracts/publish` for one pact, as the official CLI sends it. */
export function publishBody(
  pact: Record<string, unknown>,
  version: string,
  extra: { branch?: string; tags?: string[]; onConflict?: 'overwrite' | 'merge' } = {},
): Record<string, unknown> {
  const consumer = (pact.consumer as { name: string }).name;
  return {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    ...(extra.branch ? { branch: extra.branch } : {}),
    tags: extra.tags ?? [],
    contracts: [
      {
        consumerName: consumer,
        providerName: (pact.provider as { name: string }).name,
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(JSON.stringify(pact)).toString('base64'),
        onConflict: extra.onConflict ?? 'overwrite',
      },
    ],
  };
}

/** Sends JSON to the broker and answers the status and parsed body. */
export async function send(
  url: string,
  method: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: Record<string, unknown>; contentType: string | null }> {
  const response = await fetch(url, {
    method,
    headers: { accept: 'application/hal+json', ...(body === undefined ? {} : { 'content-type': contentType }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    contentType: response.headers.get('content-type'),
  };
}
