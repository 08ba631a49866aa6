/**
 * What verifies `package` against its consumers' pacts (delivery-scheduler, gateway), from files
 * (verify.pact.test.ts) or a broker (the system test, `apilife pact verify --setup`). The real
 * Package service listens on 127.0.0.1; the provider states set up its real package store (and, for
 * idempotency, go through its own HTTP API); every request carries a valid service token.
 */
import { createMessaging, MemoryTransport } from '@apilife/messaging';
import type { ProviderSetup } from '@apilife/pact';
import { listen, serviceToken, systemConfig, type Listening, type Service } from '@drone-delivery/platform';
import { stateHandlers } from '../../src/generated/package/pact.gen.ts';
import type { Package } from '../../src/generated/package/types.gen.ts';
import { packageEtag } from '../../src/handlers.ts';
import { createPackageService } from '../../src/service.ts';
import { createPackageStore, type PackageStore } from '../../src/store.ts';

const config = systemConfig({});
/** The scheduler's token: a service calling on its own behalf, which may read every package. */
const token = () => serviceToken(config, { from: 'delivery-scheduler', to: 'package' });

/**
 * The packages, in the service's real store. `forget` starts a new store holding all but one
 * package (the store itself has no delete: packages are kept for audit).
 */
function createPackages() {
  let store = createPackageStore();
  const ids = new Set<string>();
  const packages: PackageStore & { forget(id: string): void } = {
    get: (id) => store.get(id),
    put: (pkg) => {
      ids.add(pkg.id);
      store.put(pkg);
    },
    forget(id) {
      const kept = createPackageStore();
      for (const other of ids) if (other !== id) kept.put(store.get(other)!);
      ids.delete(id);
      store = kept;
    },
  };
  return packages;
}

const packages = createPackages();
let service: Service;
let server: Listening;

/**
 * A new Package service over the same packages: it has used no `Idempotency-Key` yet (keys live
 * in the generated server, in memory).
 */
function restart(): void {
  service = createPackageService(
    { config, messaging: createMessaging({ transport: new MemoryTransport(), source: '/package' }) },
    { store: packages },
  );
}

/** `createPackage` through the service's own API, as the scheduler would call it. */
async function register(idempotencyKey: string, body: Record<string, unknown>): Promise<Response> {
  return service.app.fetch(
    new Request(`${server.url}/v1/packages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    }),
  );
}

/** Starts Package on 127.0.0.1 and answers what `verifyProvider` needs to verify it. */
export async function setup(): Promise<ProviderSetup> {
  restart();
  server = await listen({ fetch: (request: Request) => service.app.fetch(request) }, { host: '127.0.0.1', port: 0 });
  return {
    http: { baseUrl: server.url, headers: async () => ({ Authorization: `Bearer ${await token()}` }) },
    states: [
      stateHandlers({
        'a package exists': ({ packageId, accountId, deliveryRequestId, status }) => {
          const pkg: Package = {
            id: packageId,
            accountId,
            deliveryRequestId,
            status,
            size: 'small',
            weightKg: 0.8,
            tag: 'RX-88213',
            contents: [],
            createdAt: '2026-11-24T18:02:12Z',
            updatedAt: '2026-11-24T18:02:12Z',
          };
          packages.put(pkg);
          // the ETag Package answers for it, for a consumer's `If-Match` (provider-state injection)
          return { etag: packageEtag(packages.get(packageId)!) };
        },
        'no package exists': ({ packageId }) => {
          packages.forget(packageId);
        },
        'no package was registered with the idempotency key': () => {
          restart();
        },
        'the idempotency key was used for another package': async ({ idempotencyKey, accountId, deliveryRequestId }) => {
          restart();
          const res = await register(idempotencyKey, {
            accountId,
            deliveryRequestId,
            size: 'large',
            weightKg: 9.5,
            tag: 'ANOTHER-PARCEL',
          });
          if (res.status !== 201) throw new Error(`registering the other package answered ${res.status}, not 201`);
        },
      }),
    ],
    close: () => server.close(100),
  };
}
