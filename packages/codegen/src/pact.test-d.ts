/**
 * Type tests of the pact target: a pact that expects what the contract lacks does not compile.
 * `pnpm typecheck` compiles this file; every `@ts-expect-error` line fails the build if it stops
 * being an error. Nothing here runs.
 */
import { MatchersV3 as M } from '@pact-foundation/pact';
import type { Interactions, ProviderStates } from './__snapshots__/responses/pact.gen.ts';
import { stateHandlers } from './__snapshots__/responses/pact.gen.ts';
import type { Messages, Producers } from './__snapshots__/messaging/pact.gen.ts';

declare const jobs: Interactions;
declare const pets: Messages;

// A declared status, its body typed by the contract; values or Pact matchers.
void jobs.deleteJob({
  given: { name: 'a job is running', params: { jobId: 'j1' } },
  uponReceiving: 'a request to delete a running job',
  request: { path: { jobId: 'j1' } },
  response: { status: 202, headers: { Location: '/jobs/j1/status' }, body: { state: 'pending' } },
});
void jobs.deleteJob({
  uponReceiving: 'a',
  request: { path: { jobId: 'j1' } },
  response: { status: 202, body: { state: M.regex('^pending$', 'pending') } },
});
// A status in a declared range (4XX) and a state without parameters.
void jobs.deleteJob({
  given: 'no job exists',
  uponReceiving: 'b',
  request: { path: { jobId: 'j9' } },
  response: { status: 404, body: { title: 'Not found', status: 404 } },
});

// @ts-expect-error a status the contract does not declare
void jobs.deleteJob({ uponReceiving: 'c', request: { path: { jobId: 'j1' } }, response: { status: 418, body: { state: 'pending' } } });
void jobs.deleteJob({
  uponReceiving: 'd',
  request: { path: { jobId: 'j1' } },
  // @ts-expect-error a field the contract lacks
  response: { status: 202, body: { state: 'pending', eta: 5 } },
});
// @ts-expect-error a value the enum does not allow
void jobs.deleteJob({ uponReceiving: 'e', request: { path: { jobId: 'j1' } }, response: { status: 202, body: { state: 'done' } } });
// @ts-expect-error the path parameter is required
void jobs.deleteJob({ uponReceiving: 'f', request: { path: {} }, response: { status: 204 } });
// @ts-expect-error a provider state the contract does not declare
void jobs.deleteJob({ given: 'a job is paused', uponReceiving: 'g', request: { path: { jobId: 'j1' } }, response: { status: 204 } });
void jobs.deleteJob({
  // @ts-expect-error the state's parameters are typed
  given: { name: 'a job is running', params: { job: 'j1' } },
  uponReceiving: 'h',
  request: { path: { jobId: 'j1' } },
  response: { status: 204 },
});
void jobs.deleteJob({
  uponReceiving: 'i',
  request: { path: { jobId: 'j1' } },
  // @ts-expect-error a header the response does not declare
  response: { status: 202, headers: { 'X-Job': '1' }, body: { state: 'pending' } },
});

// Messages: the operation's messages by name, payloads typed, channel parameters required.
void pets.publishPetEvents({
  expectsToReceive: 'a PetAdded event',
  message: 'PetAdded',
  params: { petId: 'p1' },
  data: { petId: 'p1', name: 'Rex' },
});
// @ts-expect-error a message the operation does not send
void pets.publishPetEvents({ expectsToReceive: 'x', message: 'AdoptionDecided', params: { petId: 'p1' }, data: { petId: 'p1' } });
// @ts-expect-error a payload field the contract lacks
void pets.publishPetEvents({ expectsToReceive: 'y', message: 'PetRemoved', params: { petId: 'p1' }, data: { petId: 'p1', reason: 'x' } });
// @ts-expect-error the channel's parameters are required
void pets.publishPetEvents({ expectsToReceive: 'z', message: 'PetRemoved', params: {}, data: { petId: 'p1' } });

// The provider's side: one handler for every state the contract declares.
void stateHandlers({ 'a job is running': async ({ jobId }) => void jobId, 'no job exists': () => {} });
// @ts-expect-error every declared state needs a handler
void stateHandlers({ 'a job is running': async () => {} });
declare const producers: Producers;
// @ts-expect-error producers exist only for messages the provider sends
void producers.AdoptionRequested;
export type { ProviderStates };
