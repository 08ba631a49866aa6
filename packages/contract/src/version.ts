import semver from 'semver';

/** A parsed semantic version (the `semver` package's class): `major`, `minor`, `patch`, `prerelease`, `build`, `version`. */
export type SemVer = semver.SemVer;

/**
 * The one definition of a semantic version in apilife, for `info.version`: Semantic Versioning
 * 2.0.0 as the `semver` package reads it (numeric prerelease identifiers compare as numbers, so
 * `1.0.0-alpha.2` < `1.0.0-alpha.10`; build metadata does not count), written exactly as the spec
 * writes it: no `v` or `=` prefix, no spaces, no leading zeros. The lint rule
 * `apilife/info-version-semver`, `apilife check` and `apilife changelog` all read versions here.
 * @see https://semver.org/spec/v2.0.0.html
 * @example
 * parseVersion('2.0.0-rc.1+build.5')?.prerelease // ['rc', 1]
 * parseVersion('v2.0.0') // undefined: "v2.0.0" is not a semantic version (semver.org FAQ)
 */
export function parseVersion(text: unknown): SemVer | undefined {
  if (typeof text !== 'string') return undefined;
  const parsed = semver.parse(text);
  if (!parsed) return undefined;
  const written = parsed.build.length > 0 ? `${parsed.version}+${parsed.build.join('.')}` : parsed.version;
  return written === text ? parsed : undefined;
}

/** True when `text` is a semantic version as `parseVersion` reads it. */
export const isSemanticVersion = (text: unknown): text is string => parseVersion(text) !== undefined;

/**
 * True when two `info.version`s name the same version: equal precedence (`1.0.0+build.1` and
 * `1.0.0+build.2` are one version); texts that are not semantic versions only when equal.
 */
export function sameVersion(a: string, b: string): boolean {
  const x = parseVersion(a);
  const y = parseVersion(b);
  return x && y ? semver.eq(x, y) : a === b;
}

/** The key versions are grouped by: the version without its build metadata, or the text itself when it is not one. */
export const versionKey = (text: string): string => parseVersion(text)?.version ?? text;
