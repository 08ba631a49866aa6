import { parseVersion, type SemVer } from '@apilife/contract';
import semver from 'semver';

export type { SemVer } from '@apilife/contract';

/** The kinds of version bump, least to most. */
export type Bump = 'none' | 'patch' | 'minor' | 'major';
const BUMPS: readonly Bump[] = ['none', 'patch', 'minor', 'major'];

/** Parses an `info.version`, or undefined when it is not a semantic version (see `parseVersion` in `@apilife/contract`). */
export const parseSemVer = (text: string): SemVer | undefined => parseVersion(text);

/**
 * The bump from one version to the next, as the `semver` package's `diff` names it: `major` for a
 * (pre)major step, `minor` for a (pre)minor one, `patch` for a (pre)patch one; `none` when the new
 * version is not greater. A prerelease line is the bump its version makes, all along the line: from
 * `2.0.0-rc.1`, both `2.0.0-rc.2` and the release `2.0.0` are major steps (`1.2.0-rc.1 → 1.2.0-rc.2`
 * minor, `1.2.3-alpha.2 → 1.2.3-alpha.10` patch), so changes made while on the line, and the
 * release that ships them, need no other bump. Below 1.0.0 each number moves up one place
 * (`0.3.1 → 0.4.0` is major, `0.3.1 → 0.3.2` minor), as Cargo and npm's caret ranges read them.
 * @example
 * bumpOf(parseSemVer('1.4.2')!, parseSemVer('2.0.0')!) // 'major'
 * bumpOf(parseSemVer('1.0.0-rc.1')!, parseSemVer('1.0.0-rc.2')!) // 'major': the 1.0.0 line
 */
export function bumpOf(from: SemVer, to: SemVer): Bump {
  if (semver.lte(to, from)) return 'none';
  const step = semver.diff(from, to);
  const bump: Bump = sameLine(from, to)
    ? lineBump(from)
    : step === 'major' || step === 'premajor'
      ? 'major'
      : step === 'minor' || step === 'preminor'
        ? 'minor'
        : 'patch';
  return zeroShifted(from, to, bump);
}

/** True when `to` is a later prerelease of `from`'s line, or its release (`2.0.0-rc.1` → `2.0.0-rc.2`, `2.0.0`). */
const sameLine = (from: SemVer, to: SemVer): boolean =>
  from.prerelease.length > 0 && from.major === to.major && from.minor === to.minor && from.patch === to.patch;

/** The step a version's own numbers make: `2.0.0` major, `1.2.0` minor, `1.2.3` patch. */
const lineBump = (v: SemVer): Bump => (v.patch > 0 ? 'patch' : v.minor > 0 ? 'minor' : 'major');

/** Below 1.0.0 each number moves up one place; `0.0.0-rc.1 → 0.0.0` is a (pre)major step of 0.x too. */
function zeroShifted(from: SemVer, to: SemVer, bump: Bump): Bump {
  if (from.major !== 0 || to.major !== 0 || bump === 'none') return bump;
  return bump === 'patch' ? 'minor' : 'major';
}

/** Orders versions by precedence (a prerelease comes before its release; build metadata does not count). */
export const compare = (a: SemVer, b: SemVer): number => semver.compare(a, b);

/** True when `bump` is at least `needed`. */
export const atLeast = (bump: Bump, needed: Bump): boolean => BUMPS.indexOf(bump) >= BUMPS.indexOf(needed);

/**
 * The smallest version with the needed bump (`semver.inc`): `1.4.2` → `2.0.0` (major), `1.5.0`
 * (minor), `1.4.3` (patch); on a prerelease line whose bump is enough, the next prerelease
 * (`2.0.0-rc.1` → `2.0.0-rc.2` for a major bump; its release `2.0.0` is enough too, see
 * `releaseOf`); below 1.0.0 a major bump raises the minor number and a minor bump the patch number.
 */
export function nextVersion(from: SemVer, needed: Bump): string {
  if (needed === 'none') return from.raw;
  if (from.prerelease.length > 0 && atLeast(zeroShifted(from, from, lineBump(from)), needed))
    return semver.inc(from, 'prerelease') ?? from.raw;
  const step = from.major === 0 ? (needed === 'major' ? 'minor' : 'patch') : needed;
  return semver.inc(from, step) ?? from.raw;
}

/** The release of a prerelease line (`2.0.0-rc.1` → `2.0.0`), or undefined for a release. */
export const releaseOf = (from: SemVer): string | undefined =>
  from.prerelease.length > 0 ? `${from.major}.${from.minor}.${from.patch}` : undefined;
