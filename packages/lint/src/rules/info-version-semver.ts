import { isSemanticVersion } from '@apilife/contract';
import { defineRule } from './define-rule.ts';

/**
 * `info.version` is a semantic version, so that `apilife check` can tell whether a change
 * bumped it enough (breaking → major, addition → minor). The definition is `@apilife/contract`'s
 * `parseVersion`, the one `apilife check` and `apilife changelog` read versions with.
 */
export default defineRule({
  id: 'info-version-semver',
  description: '`info.version` is a semantic version (MAJOR.MINOR.PATCH), so version bumps can be checked against changes.',
  severity: 'error',
  ruleset: 'recommended',
  formats: ['openapi', 'asyncapi'],
  docs: {
    why: '`apilife check` compares a contract with its previous version and asks for a major bump on a breaking change and a minor one on an addition. That only works when `info.version` is MAJOR.MINOR.PATCH; a date or `v2` cannot be compared.',
    failing: "info:\n  title: Orders\n  version: '1.0'",
    passing: 'info:\n  title: Orders\n  version: 1.0.0',
  },
  check({ document, resolver, report }) {
    const version = resolver.at(document.file, ['info', 'version']);
    if (!version) {
      const info = resolver.at(document.file, ['info']);
      report({
        message: '`info.version` is missing: give the API a semantic version such as 1.0.0',
        at: info ?? { file: document.file, path: [] },
      });
      return;
    }
    if (typeof version.value !== 'string' || !isSemanticVersion(version.value)) {
      report({
        message: `\`info.version\` "${String(version.value)}" is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.4.0)`,
        at: version,
      });
    }
  },
});
