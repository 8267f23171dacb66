// Mutation testing of the sync path, one module at a time (docs/reliability.md, "Mutation
// testing"): `pnpm mutation [auth|persistence|rooms|sync|client]…` (all five by default).
// Each module runs Stryker (stryker.config.json) on its own files against the tests that
// exercise it, so a mutant Stryker cannot trace to single tests (a "static" one, in a module-level
// constant) reruns a few files, not the whole suite. Results are incremental per module
// (reports/stryker-incremental-<module>.json): a rerun tests only changed code and tests. Prints a
// line per module and keeps its report in reports/mutation/<module>.json and .html.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, readFileSync } from 'node:fs'

interface Module {
  mutate: string[]
  /** `<vitest project>:<glob under the project's root>` (see vitest.stryker.config.ts). */
  tests: string[]
}

const MODULES: Record<string, Module> = {
  auth: {
    mutate: ['server/src/auth/**/*.ts'],
    tests: ['server:test/access*.test.ts'],
  },
  persistence: {
    mutate: [
      'server/src/persistence/**/*.ts',
      '!server/src/persistence/**/*.test.ts',
      '!server/src/persistence/roomStoreContract.ts',
    ],
    tests: [
      'server:src/persistence/**/*.test.ts',
      'server:test/durability.test.ts',
      'server:test/versions.test.ts',
      'server:test/rooms-api.test.ts',
      'server:test/mutation-persistence.test.ts',
    ],
  },
  rooms: {
    mutate: ['server/src/rooms/**/*.ts'],
    tests: [
      'server:test/sync.test.ts',
      'server:test/durability.test.ts',
      'server:test/limits.test.ts',
      'server:test/integrity*.test.ts',
      'server:test/rooms-api.test.ts',
      'server:test/access*.test.ts',
      'server:test/mutation-rooms.test.ts',
    ],
  },
  sync: {
    mutate: ['server/src/sync/**/*.ts'],
    tests: [
      'server:test/sync.test.ts',
      'server:test/integrity*.test.ts',
      'server:test/model-guard.test.ts',
      'server:test/limits.test.ts',
      'server:test/bad-input.test.ts',
      'server:test/access*.test.ts',
      'server:test/mutation-sync.test.ts',
    ],
  },
  client: {
    mutate: ['client/src/board/YjsStoreBinding.ts', 'client/src/board/collectRemoteChanges.ts'],
    tests: ['client:src/board/**/*.test.ts'],
  },
}

const names = process.argv.slice(2)
for (const name of names) {
  if (!(name in MODULES)) {
    console.error(`unknown module ${name}; one of: ${Object.keys(MODULES).join(', ')}`)
    process.exit(2)
  }
}

const summaries: string[] = []
for (const name of names.length > 0 ? names : Object.keys(MODULES)) {
  const { mutate, tests } = MODULES[name]!
  const run = spawnSync(
    'stryker',
    [
      'run',
      '--mutate',
      mutate.join(','),
      '--incrementalFile',
      `reports/stryker-incremental-${name}.json`,
    ],
    { stdio: 'inherit', env: { ...process.env, MUTATION_TESTS: tests.join(',') } },
  )
  if (run.status !== 0) {
    console.error(`stryker failed on ${name} (exit ${run.status})`)
    process.exit(1)
  }
  for (const ext of ['json', 'html']) {
    if (existsSync(`reports/mutation/mutation.${ext}`)) {
      copyFileSync(`reports/mutation/mutation.${ext}`, `reports/mutation/${name}.${ext}`)
    }
  }
  summaries.push(`${name}: ${summarize(`reports/mutation/${name}.json`)}`)
}
console.log(summaries.join('\n'))

/** Killed, survived, timeout, no coverage and the score, from a mutation-testing-report JSON. */
function summarize(file: string): string {
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    files: Record<string, { mutants: { status: string }[] }>
  }
  const count: Record<string, number> = {}
  for (const { mutants } of Object.values(report.files)) {
    for (const { status } of mutants) count[status] = (count[status] ?? 0) + 1
  }
  const n = (s: string) => count[s] ?? 0
  const detected = n('Killed') + n('Timeout')
  const valid = detected + n('Survived') + n('NoCoverage')
  const score = valid === 0 ? 'n/a' : `${((100 * detected) / valid).toFixed(1)}%`
  return `killed ${n('Killed')}, survived ${n('Survived')}, timeout ${n('Timeout')}, no coverage ${n('NoCoverage')}, ignored ${n('Ignored')}, errors ${n('CompileError') + n('RuntimeError')}; score ${score}`
}
