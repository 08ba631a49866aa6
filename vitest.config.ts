import { availableParallelism } from 'node:os';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { configDefaults, defineConfig } from 'vitest/config';

/** Consumer pact tests write `pacts/`; they run as their own project, before everything that reads the pacts (provider verification, `apilife pact check`). */
const CONSUMER_PACTS = 'services/*/test/pact/*.consumer.pact.test.ts';

// Workspace packages resolve to their TypeScript sources (the `source` export condition), so tests
// need no build; Vite's own conditions stay after it (docs/adr/0020-built-packages.md).
export default defineConfig({
  resolve: { conditions: ['source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default (one fewer than the cores) is one worker on a 2-core machine; most test time
    // waits on child processes, brokers and databases, so two workers halve the wall time there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default', './packages/test-utils/src/summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'pact-consumers', include: [CONSUMER_PACTS] } },
      {
        extends: true,
        test: {
          name: 'main',
          include: [
            'packages/*/src/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
            'services/*/src/**/*.test.ts',
            'services/*/test/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, CONSUMER_PACTS],
        },
      },
    ],
  },
});
