// Mutation testing of the sync path, one module at a time (docs/reliability.md, "Mutation
// testing"): `pnpm mutation [module…]`, the modules below (all of them by default). A module of
// one file may be run on a range of its lines, `module:from-to` (a long run split in parts); the
// part gets its own report and incremental file, `reports/mutation/<module>-<from>-<to>.*`.
// Each module runs Stryker (stryker.config.json) on its own files against the tests that
// exercise it, so a mutant Stryker cannot trace to single tests (a "static" one, in a module-level
// constant) reruns a few files, not the whole suite. Results are incremental per module
// (reports/stryker-incremental-<module>.json): a rerun tests only changed code and tests. Prints a
// line per module and keeps its report in reports/mutation/<module>.json and .html.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'

interface Module {
  mutate: string[]
  /** `<vitest project>:<glob under the project's root>` (see vitest.stryker.config.ts). */
  tests: string[]
}

/** The tests of the sync guard (updatePlan, modelGuard, modelProbe): its unit tests, then the
 * live suites that send it updates. */
const SYNC_GUARD_TESTS = [
  'server:src/sync/**/*.test.ts',
  'server:test/integrity-guard.test.ts',
  'server:test/integrity.test.ts',
  'server:test/model-guard.test.ts',
]
/** Of those, the ones that call the guard directly, without a server. */
const SYNC_GUARD_UNIT_TESTS = [
  'server:src/sync/**/*.test.ts',
  'server:test/integrity-guard.test.ts',
]

const MODULES: Record<string, Module> = {
  auth: {
    mutate: ['server/src/auth/**/*.ts', '!server/src/auth/**/*.test.ts'],
    tests: ['server:test/access*.test.ts'],
  },
  persistence: {
    mutate: [
      'server/src/persistence/**/*.ts',
      '!server/src/persistence/**/*.test.ts',
      '!server/src/persistence/roomStoreContract.ts',
    ],
    tests: [
      // Not durability.test.ts: its servers are child processes, which never see the active mutant.
      'server:src/persistence/**/*.test.ts',
      'server:test/versions.test.ts',
      'server:test/rooms-api.test.ts',
    ],
  },
  // The SQLite store alone, against its own tests (the store contract and what only SQLite
  // does: the file lock, the group commit of appends across rooms); run on a line range for new
  // code (`pnpm mutation sqlite:200-290`).
  sqlite: {
    mutate: ['server/src/persistence/SqliteRoomStore.ts'],
    tests: ['server:src/persistence/SqliteRoomStore.test.ts'],
  },
  // Every live test loads rooms, so each module lists only the tests that check its behaviour:
  // the unit tests first, then the few live suites that reach what they cannot. A mutant these
  // miss may still be killed by a suite left out: the score is a lower bound.
  room: {
    mutate: ['server/src/rooms/Room.ts'],
    tests: ['server:src/rooms/**/*.test.ts', 'server:test/sync.test.ts'],
  },
  // The small pieces beside the room: transaction origins and their routing rule, the board
  // schema made once, the y-websocket encoding of a relay (unit tests only: fast, and they call
  // each piece directly).
  'rooms-rest': {
    mutate: [
      'server/src/rooms/origins.ts',
      'server/src/rooms/boardSchema.ts',
      'server/src/sync/relay.ts',
    ],
    tests: ['server:src/rooms/**/*.test.ts', 'server:src/sync/SyncConnection.test.ts'],
  },
  // The fold of a stored document into one snapshot, and the thread it runs on for large rooms.
  // The thread's job (answerFoldJob) is tested in this process; the two lines of foldWorker.ts
  // that wire it to the thread's port run on the thread, which never sees the active mutant.
  fold: {
    mutate: [
      'server/src/persistence/DocStore.ts',
      'server/src/persistence/foldOffLoop.ts',
      'server/src/persistence/foldWorker.ts',
    ],
    tests: [
      'server:src/persistence/foldOffLoop.test.ts',
      'server:src/persistence/MemoryRoomStore.test.ts',
      'server:src/rooms/Room.test.ts',
    ],
  },
  registry: {
    mutate: ['server/src/rooms/RoomRegistry.ts'],
    tests: [
      'server:src/rooms/**/*.test.ts',
      'server:test/sync.test.ts',
      'server:test/rooms-*.test.ts',
      'server:test/limits.test.ts',
    ],
  },
  // The sync module in three: the wire format, the guard (what an update may do) and the
  // connection (the protocol per socket). The first two are mostly killed by fast unit tests, the
  // connection's mutants only by live ones.
  // The wire format against its unit tests: the live suites call it from their setup hooks,
  // which makes nearly every mutant "static" (all tests rerun for it) and the run hours long.
  protocol: {
    mutate: ['server/src/sync/protocol.ts'],
    tests: ['server:src/sync/**/*.test.ts'],
  },
  'sync-guard': {
    mutate: [
      'server/src/sync/updatePlan.ts',
      'server/src/sync/modelGuard.ts',
      'server/src/sync/modelProbe.ts',
    ],
    tests: SYNC_GUARD_TESTS,
  },
  // The same guard one file per module, so a long run reports file by file, against its unit
  // tests only: every live test sends updates, so each mutant of the guard reran every live
  // suite (about 18 s a mutant on the shared machine, over two hours for the 435). A lower
  // bound, like `protocol`.
  'sync-guard-model': { mutate: ['server/src/sync/modelGuard.ts'], tests: SYNC_GUARD_UNIT_TESTS },
  'sync-guard-probe': { mutate: ['server/src/sync/modelProbe.ts'], tests: SYNC_GUARD_UNIT_TESTS },
  'sync-guard-plan': { mutate: ['server/src/sync/updatePlan.ts'], tests: SYNC_GUARD_UNIT_TESTS },
  'sync-connection': {
    mutate: ['server/src/sync/SyncConnection.ts'],
    // Not access-tokens.test.ts (token parsing, which every mutant here would rerun for nothing).
    tests: [
      'server:test/sync.test.ts',
      'server:test/access.test.ts',
      'server:test/limits.test.ts',
      'server:test/bad-input.test.ts',
      'server:test/durability.test.ts',
      'server:test/model-guard.test.ts',
    ],
  },
  client: {
    mutate: ['client/src/board/YjsStoreBinding.ts', 'client/src/board/collectRemoteChanges.ts'],
    tests: ['client:src/board/**/*.test.ts'],
  },
}

/** `module` or `module:from-to`: the module's name, and the line range its one file is cut to. */
function parseArg(arg: string): { name: string; lines?: string } {
  const [name, lines] = arg.split(':') as [string, string | undefined]
  return { name, lines }
}

const names = process.argv.slice(2)
for (const arg of names) {
  const { name, lines } = parseArg(arg)
  if (!(name in MODULES)) {
    console.error(`unknown module ${name}; one of: ${Object.keys(MODULES).join(', ')}`)
    process.exit(2)
  }
  if (lines !== undefined && (!/^\d+-\d+$/.test(lines) || MODULES[name]!.mutate.length !== 1)) {
    console.error(`${arg}: a line range is \`from-to\`, on a module of one file`)
    process.exit(2)
  }
}

mkdirSync('reports/mutation', { recursive: true })
const base = JSON.parse(readFileSync('stryker.config.json', 'utf8')) as Record<string, unknown>
const summaries: string[] = []
for (const arg of names.length > 0 ? names : Object.keys(MODULES)) {
  const { name: module, lines } = parseArg(arg)
  const { tests } = MODULES[module]!
  const mutate = lines ? [`${MODULES[module]!.mutate[0]}:${lines}`] : MODULES[module]!.mutate
  const name = lines ? `${module}-${lines}` : module
  // A config of its own per module (or part), so two can run side by side.
  const report = `reports/mutation/${name}`
  const config = `reports/stryker-${name}.config.json`
  writeFileSync(
    config,
    JSON.stringify({
      ...base,
      $schema: undefined,
      mutate,
      incrementalFile: `reports/stryker-incremental-${name}.json`,
      htmlReporter: { fileName: `${report}.html` },
      jsonReporter: { fileName: `${report}.json` },
      tempDirName: `.stryker-tmp-${name}`,
    }),
  )
  const run = spawnSync('stryker', ['run', config], {
    stdio: 'inherit',
    env: { ...process.env, MUTATION_TESTS: tests.join(',') },
  })
  if (run.status !== 0) {
    console.error(`stryker failed on ${name} (exit ${run.status})`)
    process.exit(1)
  }
  summaries.push(`${name}: ${summarize(`${report}.json`)}`)
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
