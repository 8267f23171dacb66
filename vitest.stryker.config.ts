import { defineConfig } from 'vitest/config'

/**
 * The tests Stryker runs against each mutant (`pnpm mutation`): the server and client unit
 * projects as in vitest.config.ts, without the browser suite and without the long or
 * multi-process suites (chaos, fuzz, crash, render and import storms), which would make one
 * mutant cost minutes and whose child processes never see the active mutant anyway.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          root: 'server',
          include: [
            'src/{auth,persistence,rooms,sync}/**/*.test.ts',
            'test/access.test.ts',
            'test/bad-input.test.ts',
            'test/durability.test.ts',
            'test/integrity*.test.ts',
            'test/limits.test.ts',
            'test/lock.test.ts',
            'test/model-guard.test.ts',
            'test/mutation-*.test.ts',
            'test/rooms-api.test.ts',
            'test/sync.test.ts',
            'test/versions.test.ts',
          ],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'client',
          root: 'client',
          include: ['src/**/*.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
})
