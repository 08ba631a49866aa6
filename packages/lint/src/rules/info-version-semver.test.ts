import { testRule } from '../../test/test-rule.ts';

const doc = (version: unknown) => ({ openapi: '3.1.0', info: { title: 'T', version }, paths: {} });

testRule('info-version-semver', [
  { name: 'passes on 1.4.0', document: doc('1.4.0'), errors: [] },
  { name: 'passes on a pre-release with build metadata', document: doc('2.0.0-rc.1+build.5'), errors: [] },
  { name: 'fires on a two-part version', document: doc('1.4'), errors: [{ path: ['info', 'version'], message: 'not a semantic version' }] },
  { name: 'fires on a leading v', document: doc('v1.0.0'), errors: [{ path: ['info', 'version'] }] },
  {
    name: 'fires on a number',
    document: 'openapi: 3.1.0\ninfo:\n  title: T\n  version: 1.0\npaths: {}\n',
    errors: [{ path: ['info', 'version'] }],
  },
  {
    name: 'fires on an AsyncAPI document too',
    file: 'asyncapi.yaml',
    document: { asyncapi: '3.0.0', info: { title: 'T', version: 'latest' } },
    errors: [{ path: ['info', 'version'] }],
  },
]);
