import { statSync } from 'node:fs';

/**
 * Whether `file` is a regular file, following symlinks; false when it is missing or cannot be
 * stat'ed. Check it before reading a path found by walking a folder or named by a user: opening a
 * FIFO for reading blocks until a writer appears (forever, if none does), and a device or socket
 * is never a contract. The contract store makes the same check, with its own errors, for every
 * file it loads.
 */
export function isRegularFile(file: string): boolean {
  try {
    // `bigint`: Node 20's `realpathSync` reads the type of the last plain `statSync` from a shared
    // buffer, so a FIFO stat'ed here would make the module resolver skip a symlink (pnpm's) and
    // fail to find a package (seen as "Cannot find module 'tslib'"); bigint stats have their own.
    return statSync(file, { bigint: true, throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}
