import { describe, expect, it } from 'vitest';
import { type MatrixQuery, matrixPath } from '../src/client/matrix.ts';

/**
 * `GET /matrix` as the official `pact-broker can-i-deploy` / `can-i-merge` 0.8.8 sends it (seen
 * against a logging broker: research §1.3, and its can_i_deploy.rs): literal brackets, repeated
 * keys, `latestby=cvpv` with an environment or several selectors.
 */
const CASES: [string, { given: MatrixQuery; want: string }][] = [
  [
    'one version to an environment',
    {
      given: { selectors: [{ pacticipant: 'web-app', version: '1.0.0' }], environment: 'production' },
      want: '/matrix?q[][pacticipant]=web-app&q[][version]=1.0.0&latestby=cvpv&environment=production',
    },
  ],
  [
    'two versions with each other',
    {
      given: {
        selectors: [
          { pacticipant: 'web-app', version: '1.0.0' },
          { pacticipant: 'orders-api', version: '2.0.0' },
        ],
      },
      want: '/matrix?q[][pacticipant]=web-app&q[][version]=1.0.0&q[][pacticipant]=orders-api&q[][version]=2.0.0&latestby=cvpv',
    },
  ],
  [
    'the latest of a branch, no environment',
    {
      given: { selectors: [{ pacticipant: 'web-app', latest: true, branch: 'main' }] },
      want: '/matrix?q[][pacticipant]=web-app&q[][latest]=true&q[][branch]=main&latestby=cvp&latest=true',
    },
  ],
  [
    'can-i-merge',
    {
      given: { selectors: [{ pacticipant: 'web-app', version: '1.0.0' }], mainBranch: true },
      want: '/matrix?q[][pacticipant]=web-app&q[][version]=1.0.0&latestby=cvp&latest=true&mainBranch=true',
    },
  ],
  [
    'latest with a tag, to a tag, an ignore with a version',
    {
      given: {
        selectors: [{ pacticipant: 'web-app', latest: 'prod' }],
        ignore: [{ pacticipant: 'legacy', version: '0.9' }, { pacticipant: 'other' }],
        to: 'prod',
      },
      want: '/matrix?q[][pacticipant]=web-app&q[][latest]=true&q[][tag]=prod&ignore[][pacticipant]=legacy&ignore[][version]=0.9&ignore[][pacticipant]=other&tag=prod&latestby=cvp&latest=true',
    },
  ],
  [
    'main branch, names encoded like urlencoding::encode',
    {
      given: { selectors: [{ pacticipant: "it's (web) app", mainBranch: true }], environment: 'pre prod' },
      want: '/matrix?q[][pacticipant]=it%27s%20%28web%29%20app&q[][mainBranch]=true&latestby=cvpv&environment=pre%20prod',
    },
  ],
];

describe('matrixPath', () => {
  it.each(CASES)('%s', (_name, { given, want }) => {
    expect(matrixPath(given)).toBe(want);
  });
});
