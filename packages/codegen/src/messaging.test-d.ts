/**
 * Type tests of the generated messaging code (golden file `__snapshots__/messaging/`): `pnpm
 * typecheck` compiles them; every `@ts-expect-error` must stay an error. Nothing here runs.
 */
import { expectTypeOf } from 'vitest';
import type { Envelope, Subscription } from '@apilife/messaging';
import type { Messaging, Peer } from './__snapshots__/messaging/messaging.gen.ts';
import type * as T from './__snapshots__/messaging/types.gen.ts';

declare const owner: Messaging;
declare const peer: Peer;

// Several messages on one operation: `{ message, data }`, each message with its own payload type.
void owner.publishPetEvents({ petId: 'p1' }, { message: 'PetAdded', data: { petId: 'p1', name: 'Rex' } });
void owner.publishPetEvents({ petId: 'p1' }, { message: 'PetRemoved', data: { petId: 'p1' } });
// @ts-expect-error PetRemoved has no name, PetAdded needs one
void owner.publishPetEvents({ petId: 'p1' }, { message: 'PetAdded', data: { petId: 'p1' } });
// @ts-expect-error the channel parameter petId is required
void owner.publishPetEvents({}, { message: 'PetRemoved', data: { petId: 'p1' } });

// A handler slot answering requests must return the reply's type.
void owner.receiveAdoption((request) => {
  expectTypeOf(request).toEqualTypeOf<Envelope<T.AdoptionRequested>>();
  return { petId: request.data.petId, approved: true };
});
// @ts-expect-error the reply needs approved
void owner.receiveAdoption((request) => ({ petId: request.data.petId }));

// The peer mirrors it: it sends the request and gets the typed reply.
expectTypeOf(peer.receiveAdoption({}, { petId: 'p1', family: 'Smith' }, { timeoutMs: 1000 })).toEqualTypeOf<Promise<Envelope<T.AdoptionDecided>>>();
// Publish/async responses gather several replies.
expectTypeOf(peer.receiveOfferRequest({}, { offerId: 'o1' }, { deadlineMs: 1000, count: 3 })).toEqualTypeOf<Promise<Envelope<T.Offer>[]>>();
// A peer subscribing to events must name its own consumer group.
expectTypeOf(peer.publishPetEvents(() => {}, { group: 'audit' })).toEqualTypeOf<Promise<Subscription>>();
// @ts-expect-error no group: every subscribing service names its own
void peer.publishPetEvents(() => {}, {});

// A handler slot's ordering key reads the typed envelope of the messages it handles.
void peer.publishPetEvents(() => {}, { group: 'audit', orderingKey: (event) => event.data.petId });
void peer.publishPetEvents(() => {}, { group: 'audit', orderingKey: 'channel' });
// @ts-expect-error PetAdded and PetRemoved have no ownerId
void peer.publishPetEvents(() => {}, { group: 'audit', orderingKey: (event) => event.data.ownerId });
// @ts-expect-error an ordering key is a string (or undefined: no order for that message)
void peer.publishPetEvents(() => {}, { group: 'audit', orderingKey: (event) => event.data });
