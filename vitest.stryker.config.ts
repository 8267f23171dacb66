import { defineConfig } from 'vitest/config'

/**
 * The tests Stryker runs against each mutant (scripts/mutation.ts sets MUTATION_TESTS to the
 * files that exercise the module under test, as `<project>:<glob>`). Without it, the server and
 * client unit tests of the sync path, as in vitest.config.ts, without the browser suite and the
 * long or multi-process suites (chaos, fuzz, crash, lock), whose child processes never see the
 * active mutant anyway.
 */
const DEFAULT_TESTS = [
  'server:src/{auth,persistence,rooms,sync}/**/*.test.ts',
  'server:test/access*.test.ts',
  'server:test/{bad-input,durability,limits,model-guard,rooms-api}.test.ts',
  'server:test/{sync,versions}.test.ts',
  'server:test/{integrity,rooms-,sync-}*.test.ts',
  'client:src/board/**/*.test.ts',
]

const selected = process.env.MUTATION_TESTS?.split(',') ?? DEFAULT_TESTS
const testsOf = (project: string) =>
  selected.filter((t) => t.startsWith(`${project}:`)).map((t) => t.slice(project.length + 1))

const server = testsOf('server')
/** A run against fast unit tests only may bound each test tighter (a mutant that hangs one). */
const testTimeout = Number(process.env.MUTATION_TEST_TIMEOUT_MS ?? 60_000)
const client = testsOf('client')

export default defineConfig({
  test: {
    passWithNoTests: true,
    projects: [
      ...(server.length > 0
        ? [
            {
              test: {
                name: 'server',
                root: 'server',
                include: server,
                environment: 'node',
                testTimeout,
                hookTimeout: testTimeout,
              },
            },
          ]
        : []),
      ...(client.length > 0
        ? [{ test: { name: 'client', root: 'client', include: client, environment: 'node' } }]
        : []),
    ],
  },
})
