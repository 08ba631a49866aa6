/**
 * Type tests over the golden files: `pnpm typecheck` compiles this file, and every
 * `@ts-expect-error` line fails the build if it stops being an error. Nothing here runs.
 */
import { expectTypeOf } from 'vitest';
import type { Client as JobsClient, DeleteJobResult } from './__snapshots__/responses/client.gen.ts';
import { declaredStatuses as jobStatuses } from './__snapshots__/responses/server.gen.ts';
import type { Client as UsersClient } from './__snapshots__/read-write-only/client.gen.ts';
import type { Handlers as UserHandlers } from './__snapshots__/read-write-only/server.gen.ts';
import type * as Pets from './__snapshots__/discriminated-union/types.gen.ts';
import type * as Users from './__snapshots__/read-write-only/types.gen.ts';
import type * as Notes from './__snapshots__/nullable/types.gen.ts';
import type * as Signals from './__snapshots__/const-enum/types.gen.ts';
import type * as Trees from './__snapshots__/recursive/types.gen.ts';
import type * as Search from './__snapshots__/defaults/types.gen.ts';
import type * as Items from './__snapshots__/parameters/types.gen.ts';
import type { Client as ItemsClient } from './__snapshots__/parameters/client.gen.ts';

declare const users: UsersClient;
declare const jobs: JobsClient;
declare const items: ItemsClient;

// readOnly properties are not in request bodies, writeOnly ones not in responses.
// @ts-expect-error id is readOnly: a request cannot carry it
void users.createUser({ body: { id: 'x', name: 'a', password: 'secret123' } });
// @ts-expect-error password is required in requests
void users.createUser({ body: { name: 'a' } });
void users.createUser({ body: { name: 'a', password: 'secret123' } });
declare const created: Users.User;
// @ts-expect-error password is writeOnly: never in a response type
void created.password;
expectTypeOf(created.id).toEqualTypeOf<string>();

// Results separate declared successes from declared errors; undeclared statuses do not exist.
declare const result: DeleteJobResult;
if (result.ok) {
  expectTypeOf(result.status).toEqualTypeOf<202 | 204>();
  if (result.status === 202) {
    expectTypeOf(result.body).toEqualTypeOf<{ state: 'pending' }>();
    expectTypeOf(result.headers.Location).toEqualTypeOf<string>();
    expectTypeOf(result.headers['Retry-After']).toEqualTypeOf<number | undefined>();
  }
  if (result.status === 204) expectTypeOf(result.body).toEqualTypeOf<undefined>();
  // @ts-expect-error 200 is not a declared status of deleteJob
  if (result.status === 200) void 0;
} else {
  expectTypeOf(result.status).toEqualTypeOf<number>();
  expectTypeOf(result.body).toEqualTypeOf<string | { title: string; status: number; detail?: string }>();
}
// @ts-expect-error the path parameter is required
void jobs.deleteJob({});

// Parameters are typed by location; wrong types are compile errors.
void items.getItem({
  path: { itemId: 1 },
  query: { tags: ['a'], ids: [1, 2], filter: { status: 'x' } },
  headers: { 'X-Request-Id': 'id' },
});
// @ts-expect-error itemId is an integer
void items.getItem({ path: { itemId: '1' }, headers: { 'X-Request-Id': 'id' } });
// @ts-expect-error the X-Request-Id header is required
void items.getItem({ path: { itemId: 1 } });
declare const itemRequest: Items.GetItemRequest;
expectTypeOf(itemRequest.path.itemId).toEqualTypeOf<number>();
expectTypeOf(itemRequest.query.verbose).toEqualTypeOf<boolean | undefined>();

// Discriminated unions narrow on their discriminator.
declare const pet: Pets.Pet;
if (pet.petType === 'cat') expectTypeOf(pet.lives).toEqualTypeOf<number>();
else expectTypeOf(pet.bark).toEqualTypeOf<'woof' | 'yap'>();
// @ts-expect-error a bird is not a declared pet type
const bird: Pets.Pet = { petType: 'bird', lives: 1 };
void bird;

// 3.1 type arrays are unions with null; const and enum are literal types.
expectTypeOf<Notes.Note['text']>().toEqualTypeOf<string | null>();
expectTypeOf<Notes.Note['tags']>().toEqualTypeOf<string[] | null | undefined>();
expectTypeOf<Signals.Signal['version']>().toEqualTypeOf<2>();
expectTypeOf<Signals.Signal['level']>().toEqualTypeOf<1 | 2 | 3>();
expectTypeOf<Signals.Signal['mode']>().toEqualTypeOf<'on' | 'off' | null | undefined>();
// @ts-expect-error 4 is not one of the levels
const signal: Signals.Signal = { version: 2, level: 4, color: 'red' };
void signal;

// Recursive schemas are recursive types.
declare const tree: Trees.Tree;
expectTypeOf(tree.children).toEqualTypeOf<Trees.Tree[] | undefined>();

// Defaults: optional for the caller, present for the handler.
expectTypeOf<Search.SearchInput['query']>().toEqualTypeOf<{ limit?: number; sort?: 'asc' | 'desc' } | undefined>();
expectTypeOf<Search.SearchRequest['query']>().toEqualTypeOf<{ limit: number; sort: 'asc' | 'desc' }>();

// Handlers: every operation is required, and only declared responses can be returned.
// @ts-expect-error createUser is not implemented
const none: UserHandlers = {};
void none;
const wrongStatus: UserHandlers = {
  // @ts-expect-error 200 is not a declared response of createUser
  createUser: () => ({ status: 200, body: { id: 'x', name: 'a' } }),
};
void wrongStatus;
const wrongBody: UserHandlers = {
  // @ts-expect-error the response body misses name
  createUser: () => ({ status: 201, body: { id: 'x' } }),
};
void wrongBody;
const good: UserHandlers = {
  createUser: (request) => {
    expectTypeOf(request.body).toEqualTypeOf<Users.UserWritable>();
    return { status: 201, body: { id: 'x', name: request.body.name } };
  },
};
void good;

// The declared statuses of each operation, by operation name, as the contract lists them.
expectTypeOf(jobStatuses.deleteJob).toEqualTypeOf<readonly [202, 204, '4XX', 'default']>();
// @ts-expect-error the contract has no operation getJob
void jobStatuses.getJob;
