/**
 * Type tests of the generated messaging code (golden file `__snapshots__/messaging/`): `pnpm
 * typecheck` compiles them; every `@ts-expect-error` must stay an error. Nothing here runs.
 */
import { expectTypeOf } from 'vitest';
import type { ChannelContext, Envelope, Subscription } from '@apilife/messaging';
import type { Messaging, Peer, PublishPetEventsEnvelope } from './__snapshots__/messaging/messaging.gen.ts';
import type * as T from './__snapshots__/messaging/types.gen.ts';
import type { Messaging as Lights } from './__snapshots__/messaging-parameters/messaging.gen.ts';

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
  expectTypeOf(request).toEqualTypeOf<Envelope<T.AdoptionRequested, 'fixture-messaging.AdoptionRequested'>>();
  return { petId: request.data.petId, approved: true };
});
// @ts-expect-error the reply needs approved
void owner.receiveAdoption((request) => ({ petId: request.data.petId }));

// The peer mirrors it: it sends the request and gets the typed reply.
expectTypeOf(peer.receiveAdoption({}, { petId: 'p1', family: 'Smith' }, { timeoutMs: 1000 })).toEqualTypeOf<
  Promise<Envelope<T.AdoptionDecided, 'fixture-messaging.AdoptionDecided'>>
>();
// Publish/async responses gather several replies.
expectTypeOf(peer.receiveOfferRequest({}, { offerId: 'o1' }, { deadlineMs: 1000, count: 3 })).toEqualTypeOf<
  Promise<Envelope<T.Offer, 'fixture-messaging.Offer'>[]>
>();
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

// A handler over several messages gets one envelope per message type: `switch (envelope.type)` narrows `data`.
void peer.publishPetEvents(
  (event) => {
    switch (event.type) {
      case 'com.example.pet.added.v1':
        expectTypeOf(event.data).toEqualTypeOf<T.PetAdded>();
        return;
      case 'fixture-messaging.PetRemoved':
        expectTypeOf(event.data).toEqualTypeOf<T.PetRemoved>();
        // @ts-expect-error PetRemoved has no name
        void event.data.name;
        return;
      // @ts-expect-error the operation declares no message of this type
      case 'com.example.pet.sold.v1':
        return;
      default:
        expectTypeOf(event).toBeNever();
    }
  },
  { group: 'audit' },
);
expectTypeOf<PublishPetEventsEnvelope['type']>().toEqualTypeOf<'com.example.pet.added.v1' | 'fixture-messaging.PetRemoved'>();

// Handlers get the channel's address parameters, typed by the contract.
void peer.publishPetEvents(
  (_event, context) => {
    expectTypeOf(context).toExtend<ChannelContext<{ petId: string }>>();
    expectTypeOf(context.params.petId).toEqualTypeOf<string>();
    // @ts-expect-error the channel pets.{petId}.events has no parameter id
    void context.params.id;
  },
  { group: 'audit' },
);
// A channel without parameters has none to read.
void owner.receiveAdoption((request, context) => {
  expectTypeOf(context.params).toEqualTypeOf<Record<string, never>>();
  return { petId: request.data.petId, approved: true };
});

// Types the operation does not declare reach `otherTypes` (when given), with the data of one of its messages.
void peer.publishPetEvents(() => {}, {
  group: 'audit',
  otherTypes: (event, context) => {
    expectTypeOf(event.data).toEqualTypeOf<T.PetAdded | T.PetRemoved>();
    expectTypeOf(context.params.petId).toEqualTypeOf<string>();
  },
});

// Several parameters, one limited to some values (`enum`, held by the runtime on receive).
declare const lights: Lights;
void lights.receiveLightMeasured((event, context) => {
  expectTypeOf(context.params).toEqualTypeOf<{ zone: 'north' | 'south'; lightId: string }>();
  expectTypeOf(event.data.lumens).toEqualTypeOf<number>();
  // @ts-expect-error the channel has no parameter light (it is lightId)
  void context.params.light;
});
// @ts-expect-error east is not a zone of the contract
void lights.receiveLightMeasured(() => {}, { params: { zone: 'east' } });
