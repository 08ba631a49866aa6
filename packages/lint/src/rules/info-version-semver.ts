import { defineRule } from './define-rule.ts';

/** Semantic Versioning 2.0.0, the regular expression the spec itself suggests. */
export const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/**
 * `info.version` is a semantic version, so that `apilife check` can tell whether a change
 * bumped it enough (breaking → major, addition → minor).
 */
export default defineRule({
  id: 'info-version-semver',
  description: '`info.version` is a semantic version (MAJOR.MINOR.PATCH), so version bumps can be checked against changes.',
  severity: 'error',
  ruleset: 'recommended',
  formats: ['openapi', 'asyncapi'],
  check({ document, resolver, report }) {
    const version = resolver.at(document.file, ['info', 'version']);
    if (!version) {
      const info = resolver.at(document.file, ['info']);
      report({ message: '`info.version` is missing: give the API a semantic version such as 1.0.0', at: info ?? { file: document.file, path: [] } });
      return;
    }
    if (typeof version.value !== 'string' || !SEMVER.test(version.value)) {
      report({ message: `\`info.version\` "${String(version.value)}" is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.4.0)`, at: version });
    }
  },
});
