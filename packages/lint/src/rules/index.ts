import type { HouseRule } from './define-rule.ts';
import infoVersionSemver from './info-version-semver.ts';

/** Every house rule, in the order they run. Each is `rules/<id>.ts` with `rules/<id>.test.ts` beside it. */
export const HOUSE_RULES: readonly HouseRule[] = [infoVersionSemver];
