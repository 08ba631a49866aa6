import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createMessaging } from '@apilife/messaging';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHttpInteraction, type HttpOperationSpec } from '../src/http.ts';
import { addMessageInteraction, type MessageOperationSpec } from '../src/messages.ts';
import { openPact } from '../src/pact-file.ts';
import type { SchemaPlans } from '../src/plans.ts';
import { verifyProvider } from '../src/provider.ts';
import { CaptureTransport, PactTransport } from '../src/transport.ts';

/**
 * A consumer writes a pact through the runtime, then Pact's verifier replays it: against a provider
 * that keeps it (passes) and one that breaks it (fails). The same for a message pact, produced by
 * code publishing through `CaptureTransport`.
 */
const plans: SchemaPlans = {
  Job: { t: 'object', properties: { id: { t: 'string', format: 'uuid' }, state: { t: 'enum', values: ['pending', 'done'] } } },
};
const getJob: HttpOperationSpec = {
  operationId: 'getJob',
  method: 'GET',
  path: '/jobs/{jobId}',
  parameters: [{ name: 'jobId', in: 'path' }],
  responses: { '200': { mediaType: 'application/json', body: { t: 'ref', name: 'Job' } } },
};
const jobEvents: MessageOperationSpec = {
  operationId: 'publishJobEvents',
  channel: 'jobs.{jobId}.events',
  messages: { JobDone: { type: 'com.example.job.done.v1', contentType: 'application/json', payload: { t: 'ref', name: 'Job' } } },
};
const JOB = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
interface Job {
  id: string;
  state: 'pending' | 'done';
}
type GetJobInput = { path: { jobId: string } };
type GetJobResponses = { 200: { body: Job; headers: Record<string, never> } };
type States = { 'a job exists': { jobId: string } };

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'apilife-pact-'));
  const pact = openPact('jobs', { consumer: 'dashboard', dir });
  await addHttpInteraction<GetJobInput, GetJobResponses, States>(pact, getJob, plans, {
    given: { name: 'a job exists', params: { jobId: JOB } },
    uponReceiving: 'a request for a job',
    request: { path: { jobId: JOB } },
    response: { status: 200, body: { id: JOB, state: 'pending' } },
  }).executeTest(async (mock) => {
    const response = await fetch(`${mock.url}/jobs/${JOB}`);
    expect(await response.json()).toEqual({ id: JOB, state: 'pending' });
  });
  const transport = new PactTransport();
  const received: unknown[] = [];
  await createMessaging({ transport, source: '/dashboard' }).subscribe('jobs.{jobId}.events', {
    group: 'dashboard',
    handler: (e) => void received.push(e.data),
  });
  await addMessageInteraction<{ JobDone: Job }, { jobId: string }, States>(pact, jobEvents, plans, {
    expectsToReceive: 'a JobDone event',
    message: 'JobDone',
    params: { jobId: JOB },
    data: { id: JOB, state: 'done' },
  }).executeTest(transport.deliver);
  expect(received).toEqual([{ id: JOB, state: 'done' }]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function provider(state: string): Promise<{ url: string; close: () => Promise<void>; states: string[] }> {
  const states: string[] = [];
  const app = new Hono().get('/jobs/:jobId', (c) =>
    state === 'broken' ? c.json({ title: 'Not found' }, 404) : c.json({ id: c.req.param('jobId'), state }),
  );
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    states,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function producers(payload: { id: string; state: string }) {
  const capture = new CaptureTransport();
  const messaging = createMessaging({ transport: capture, source: '/jobs' });
  return {
    operations: ['publishJobEvents'],
    types: { 'com.example.job.done.v1': 'JobDone' },
    producers: {
      JobDone: async () => {
        await messaging.publish(`jobs.${payload.id}.events`, { type: 'com.example.job.done.v1', data: payload });
        return capture.take('com.example.job.done.v1');
      },
    },
  };
}

describe('a pact written through @apilife/pact, verified by Pact', () => {
  it('is a V4 pact naming the AsyncAPI operation of its message', () => {
    const pact = JSON.parse(readFileSync(join(dir, 'dashboard-jobs.json'), 'utf8'));
    expect(pact.metadata.pactSpecification.version).toBe('4.0');
    const message = pact.interactions.find((i: { type: string }) => i.type === 'Asynchronous/Messages');
    expect(message.comments.references.AsyncAPI).toEqual({ operationId: 'publishJobEvents', message: 'JobDone' });
    expect(message.matchingRules.body['$.state'].matchers[0]).toMatchObject({ match: 'regex', regex: '^(?:pending|done)$' });
  });

  it('passes against a provider that keeps it, setting up its states', async () => {
    const running = await provider('done');
    const set: unknown[] = [];
    try {
      await verifyProvider({
        provider: 'jobs',
        pacts: [dir],
        http: { baseUrl: running.url },
        states: [{ 'a job exists': (params: { jobId: string }) => void set.push(params) }],
        messages: producers({ id: JOB, state: 'done' }),
      });
    } finally {
      await running.close();
    }
    expect(set).toEqual([{ jobId: JOB }]);
  });

  it('fails against a provider that breaks the HTTP interaction', async () => {
    const running = await provider('broken');
    try {
      await expect(
        verifyProvider({
          provider: 'jobs',
          pacts: [dir],
          http: { baseUrl: running.url },
          states: [{ 'a job exists': () => {} }],
          messages: producers({ id: JOB, state: 'done' }),
        }),
      ).rejects.toThrow(/expected 200 but was 404|status/i);
    } finally {
      await running.close();
    }
  });

  it('fails when the produced message breaks the message interaction', async () => {
    const running = await provider('done');
    try {
      await expect(
        verifyProvider({
          provider: 'jobs',
          pacts: [dir],
          http: { baseUrl: running.url },
          states: [{ 'a job exists': () => {} }],
          messages: producers({ id: JOB, state: 'cancelled' }),
        }),
      ).rejects.toThrow(/state/);
    } finally {
      await running.close();
    }
  });

  it('fails with no pact for the provider', async () => {
    await expect(verifyProvider({ provider: 'nobody', pacts: [dir] })).rejects.toThrow(/no pact names provider "nobody"/);
  });
});
