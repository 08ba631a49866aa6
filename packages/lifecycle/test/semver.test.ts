import { describe, expect, it } from 'vitest';
import { atLeast, bumpOf, compare, nextVersion, parseSemVer } from '../src/index.ts';

const v = (text: string) => parseSemVer(text)!;

describe('semver', () => {
  it.each([
    ['1.2.3', '2.0.0', 'major'],
    ['1.2.3', '1.3.0', 'minor'],
    ['1.2.3', '1.2.4', 'patch'],
    ['1.2.3', '1.2.3', 'none'],
    ['1.2.3', '1.2.2', 'none'],
    ['0.3.1', '0.4.0', 'major'],
    ['0.3.1', '0.3.2', 'minor'],
    ['0.9.0', '1.0.0', 'major'],
    ['1.0.0-rc.1', '1.0.0', 'patch'],
  ] as const)('%s → %s is %s', (from, to, bump) => expect(bumpOf(v(from), v(to))).toBe(bump));

  it.each([
    ['1.2.3', 'major', '2.0.0'],
    ['1.2.3', 'minor', '1.3.0'],
    ['1.2.3', 'patch', '1.2.4'],
    ['0.3.1', 'major', '0.4.0'],
    ['0.3.1', 'minor', '0.3.2'],
  ] as const)('the next %s version with a %s bump is %s', (from, bump, next) => expect(nextVersion(v(from), bump)).toBe(next));

  it('parses and refuses', () => {
    expect(parseSemVer('v2.0.1+build.5')).toMatchObject({ major: 2, minor: 0, patch: 1, prerelease: '' });
    for (const bad of ['1.2', '01.2.3', '1.2.3.4', 'latest', '']) expect(parseSemVer(bad)).toBeUndefined();
  });

  it('orders prereleases before their release', () => {
    expect(compare(v('1.0.0-alpha'), v('1.0.0'))).toBe(-1);
    expect(compare(v('1.0.0-alpha'), v('1.0.0-beta'))).toBe(-1);
    expect(atLeast('major', 'minor')).toBe(true);
    expect(atLeast('patch', 'minor')).toBe(false);
  });
});
