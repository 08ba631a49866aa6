import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import {
  problemClientError,
  strongEtag,
  assertIfMatch,
  httpProblem,
  type HandlerResult,
  type ServerRuntimeOptions,
} from '@apilife/runtime-server';
import * as spec from '@apilife/contract';
import type { ApiIR } from '@apilife/contract';
import type { Context, Hono } from 'hono';
import { printFile, type PrintedFile } from '../src/print.ts';
import type { SyncTarget, TargetContext } from '../src/target.ts';
import { serverTarget } from '../src/targets/server/index.ts';

/**
 * The end-to-end fixture of the server target: `src/__fixtures__/server-features/openapi.yaml`
 * through the whole pipeline (IR → types, validators, server targets → print), written into a
 * folder inside the package so `hono` and `@apilife/runtime-server` resolve, imported, and served.
 */

const codegen = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURE = join(codegen, 'src/__fixtures__/server-features/openapi.yaml');

/** The `Target` a module exports, found by its name (the sibling targets are written separately). */
async function targetFrom(modulePath: string, name: string): Promise<SyncTarget> {
  const mod = (await import(modulePath)) as Record<string, unknown>;
  const target = Object.values(mod).find(
    (value): value is SyncTarget =>
      typeof value === 'object' &&
      value !== null &&
      (value as SyncTarget).name === name &&
      typeof (value as SyncTarget).build === 'function',
  );
  if (!target) throw new Error(`${modulePath} exports no target named "${name}"`);
  return target;
}

/** Builds the IR of the fixture (or another contract) with the spec package's IR builder. */
export async function fixtureIR(contract = FIXTURE): Promise<ApiIR> {
  const load = (spec as unknown as { loadApiIR?: (file: string, options?: { root?: string }) => Promise<ApiIR> }).loadApiIR;
  if (!load) throw new Error('@apilife/contract does not export loadApiIR yet');
  return load(contract, { root: dirname(contract) });
}

/** The printed files of the fixture (or another contract): types, validators, server and contract. */
export async function generateFixture(api: ApiIR, contract = FIXTURE): Promise<PrintedFile[]> {
  const ctx: TargetContext = { api, contractPath: relative(codegen, contract), regenerateCommand: 'pnpm vitest run packages/codegen -u' };
  const targets = [
    await targetFrom('../src/targets/types/index.ts', 'types'),
    await targetFrom('../src/targets/validators/index.ts', 'validators'),
    serverTarget,
  ];
  return targets.flatMap((target) => target.build(ctx)).map((file) => printFile(file, ctx));
}

/** Writes the files into `packages/codegen/.tmp-<random>/` (removed by `remove`). */
export async function writeTemporary(files: readonly PrintedFile[]): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = join(codegen, `.tmp-server-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  for (const file of files) await writeFile(join(dir, file.path), file.content);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

type Parcel = Record<string, unknown> & { id: string };
type Request = { path: Record<string, unknown>; query: Record<string, unknown>; headers: Record<string, unknown>; body: unknown };

/** What the fixture's handlers saw, and how the tests steer them. */
export interface FixtureState {
  parcels: Map<string, Parcel>;
  seen: { op: string; request: Request }[];
  /** The next result of any handler, or `throw`. */
  override?: HandlerResult | 'throw';
  /** Holds createParcel until resolved. */
  gate?: Promise<void>;
}

/** Handlers of the fixture over an in-memory store. */
export function fixtureHandlers(state: FixtureState): Record<string, (request: Request, c: Context) => unknown> {
  const next = (op: string, request: Request): HandlerResult | undefined => {
    state.seen.push({ op, request });
    const override = state.override;
    state.override = undefined;
    if (override === 'throw') throw new Error('secret=hunter2 at /srv/parcels.ts:12');
    return override;
  };
  const problem = (status: number, detail: string) => ({ status, body: { type: 'about:blank', title: 'Problem', status, detail } });
  const view = ({ deliveryPin: _pin, ...parcel }: Parcel) => parcel;
  return {
    listParcels: (request) =>
      next('listParcels', request) ?? {
        status: 200,
        body: { items: [...state.parcels.values()].map(view), next: null },
        headers: { 'X-Total-Count': state.parcels.size },
      },
    searchParcels: (request) =>
      next('searchParcels', request) ?? {
        status: 200,
        body: [...state.parcels.values()].filter((p) => JSON.stringify(p).includes(request.query['q'] as string)).map(view),
      },
    createParcel: async (request) => {
      await state.gate;
      const id = `P${String(1000 + state.parcels.size + 1)}`;
      const parcel: Parcel = { ...(request.body as object), id, status: 'pending', createdAt: '2026-11-24T10:00:00Z' };
      state.parcels.set(id, parcel);
      return next('createParcel', request) ?? { status: 201, body: view(parcel), headers: { Location: `/parcels/${id}` } };
    },
    getParcel: (request) => {
      const parcel = state.parcels.get(request.path['parcelId'] as string);
      return next('getParcel', request) ?? (parcel ? { status: 200, body: view(parcel) } : problem(404, 'No such parcel.'));
    },
    replaceParcel: (request, c) => {
      const id = request.path['parcelId'] as string;
      const current = state.parcels.get(id);
      if (!current) return problem(404, 'No such parcel.');
      assertIfMatch(c, strongEtag(view(current)));
      const parcel: Parcel = { ...(request.body as object), id, status: current['status'], createdAt: current['createdAt'] };
      state.parcels.set(id, parcel);
      return next('replaceParcel', request) ?? { status: 200, body: view(parcel) };
    },
    deleteParcel: (request) => {
      const found = state.parcels.delete(request.path['parcelId'] as string);
      return next('deleteParcel', request) ?? (found ? { status: 204 } : problem(404, 'No such parcel.'));
    },
    getParcelStatusV1: (request) => {
      const parcel = state.parcels.get(request.path['parcelId'] as string);
      if (!parcel) throw httpProblem(404, { detail: 'No such parcel.' });
      return next('getParcelStatusV1', request) ?? { status: 200, body: { status: parcel['status'] } };
    },
  };
}

/** A running generated server on 127.0.0.1:0, with the problem+json `clientError` listener. */
export async function serveApp(app: Hono): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  return new Promise((resolveServer) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolveServer({
        url: `http://127.0.0.1:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.on('clientError', problemClientError);
  });
}

/** The generated `createServer`, loaded from the written folder. */
export async function loadCreateServer(
  dir: string,
): Promise<(handlers: object, options: ServerRuntimeOptions & { security?: object }) => Hono> {
  const mod = (await import(pathToFileURL(join(dir, 'server.gen.ts')).href)) as {
    createServer: (handlers: object, options: object) => Hono;
  };
  return mod.createServer;
}
