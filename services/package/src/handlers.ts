import { randomUUID } from 'node:crypto';
import { strongEtag, type SecurityEnv } from '@apilife/runtime-server';
import { accountOf, assertCurrent, forbidden, invalidTransition, notFound } from '@drone-delivery/platform';
import type { Context } from 'hono';
import type { Handlers } from './generated/package/server.gen.ts';
import type { Package } from './generated/package/types.gen.ts';
import type { PackageStore } from './store.ts';

/** What the handlers of the Package API work with. */
export interface PackageHandlerDeps {
  store: PackageStore;
  /** Clock (default: the system clock). */
  now?: () => Date;
  /** New package ids (default: random UUIDs). */
  newId?: () => string;
  log?: (line: string) => void;
}

/** The entity tag of a package's representation. */
export function packageEtag(pkg: Package): string {
  return strongEtag(pkg);
}

/** Where a package is served. */
export function packageLocation(id: string): string {
  return `/v1/packages/${id}`;
}

/**
 * The package, if the caller may see it: a caller acting for an account sees only that
 * account's packages (others are answered 404, as if they did not exist); services see all.
 */
function visiblePackage(store: PackageStore, c: Context<SecurityEnv>, id: string): Package | undefined {
  const pkg = store.get(id);
  const own = accountOf(c.var.principal);
  return pkg && (own === undefined || own === pkg.accountId) ? pkg : undefined;
}

/** The handlers of the Package API (contracts/package/openapi.yaml). */
export function createPackageHandlers({
  store,
  now = () => new Date(),
  newId = randomUUID,
  log,
}: PackageHandlerDeps): Handlers<SecurityEnv> {
  return {
    createPackage({ body }, c) {
      const own = accountOf(c.var.principal);
      if (own !== undefined && own !== body.accountId) {
        return {
          status: 403,
          body: forbidden(`The caller is not authorised to register packages for account ${body.accountId}.`, c.req.path),
        };
      }
      const at = now().toISOString();
      const pkg: Package = {
        id: newId(),
        accountId: body.accountId,
        deliveryRequestId: body.deliveryRequestId,
        status: 'registered',
        size: body.size,
        weightKg: body.weightKg,
        ...(body.tag !== undefined ? { tag: body.tag } : {}),
        contents: body.contents ?? [],
        createdAt: at,
        updatedAt: at,
      };
      store.put(pkg);
      log?.(`[package] registered ${pkg.id} for delivery request ${pkg.deliveryRequestId}`);
      return { status: 201, body: pkg, headers: { Location: packageLocation(pkg.id), ETag: packageEtag(pkg) } };
    },

    getPackage({ path }, c) {
      const pkg = visiblePackage(store, c, path.packageId);
      if (!pkg) return { status: 404, body: notFound(c.req.path) };
      return { status: 200, body: pkg, headers: { ETag: packageEtag(pkg) } };
    },

    cancelPackage({ path }, c) {
      const pkg = visiblePackage(store, c, path.packageId);
      if (!pkg) return { status: 404, body: notFound(c.req.path) };
      // compensation is retried with the tag read before the first cancel: repeating it is a no-op
      if (pkg.status === 'cancelled') return { status: 204 };
      assertCurrent(c, packageEtag(pkg));
      if (pkg.status !== 'registered') {
        return { status: 409, body: invalidTransition(`Package ${pkg.id} is ${pkg.status} and can no longer be cancelled.`, c.req.path) };
      }
      store.put({ ...pkg, status: 'cancelled', updatedAt: now().toISOString() });
      log?.(`[package] cancelled ${pkg.id}`);
      return { status: 204 };
    },

    updatePackage({ path, body }, c) {
      const pkg = visiblePackage(store, c, path.packageId);
      if (!pkg) return { status: 404, body: notFound(c.req.path) };
      assertCurrent(c, packageEtag(pkg));
      if (pkg.status !== 'registered') {
        return {
          status: 409,
          body: invalidTransition(`Package ${pkg.id} is ${pkg.status}; only registered packages can be changed.`, c.req.path),
        };
      }
      const updated: Package = {
        ...pkg,
        ...(body.size !== undefined ? { size: body.size } : {}),
        ...(body.weightKg !== undefined ? { weightKg: body.weightKg } : {}),
        ...(body.tag !== undefined ? { tag: body.tag } : {}),
        ...(body.contents !== undefined ? { contents: body.contents } : {}),
        updatedAt: now().toISOString(),
      };
      store.put(updated);
      return { status: 200, body: updated, headers: { ETag: packageEtag(updated) } };
    },
  };
}
