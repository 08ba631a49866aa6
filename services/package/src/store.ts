import type { Package } from './generated/package/types.gen.ts';

/** Where a package is in its life: set by registration, cancellation and (later) the delivery flow. */
export type PackageStatus = Package['status'];

/** Where packages live. In memory: one process, lost on restart. */
export interface PackageStore {
  /** The package, or undefined. A copy: changing it does not change the store. */
  get(id: string): Package | undefined;
  /** Inserts or replaces the package. */
  put(pkg: Package): void;
}

/** An empty in-memory store. */
export function createPackageStore(): PackageStore {
  const packages = new Map<string, Package>();
  return {
    get: (id) => {
      const pkg = packages.get(id);
      return pkg && structuredClone(pkg);
    },
    put: (pkg) => {
      packages.set(pkg.id, structuredClone(pkg));
    },
  };
}
