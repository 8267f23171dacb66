// Prints the one closing line CI reads: "N passed, N failed" over every vitest project
// (shared, server, e2e). A run that failed before vitest (typecheck, lint, format) counts as
// one failure, so a red run never reads as green.
import { existsSync, readFileSync } from 'node:fs'

const [file = '.test-results/vitest.json', statusArg = '0'] = process.argv.slice(2)
const status = Number(statusArg)
let passed = 0
let failed = 0
let skipped = 0
if (existsSync(file)) {
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    numPassedTests: number
    numFailedTests: number
    numPendingTests: number
    numTodoTests: number
    testResults: { status: string; assertionResults: unknown[] }[]
  }
  passed = report.numPassedTests
  failed = report.numFailedTests
  skipped = report.numPendingTests + report.numTodoTests
  // A test file that failed to load has no assertion results but must still count.
  failed += report.testResults.filter(
    (r) => r.status === 'failed' && r.assertionResults.length === 0,
  ).length
} else if (status !== 0) {
  console.log('(the checks before the test suites failed: see typecheck / lint / format above)')
}
if (status !== 0 && failed === 0) failed = 1
console.log(
  skipped > 0
    ? `${passed} passed, ${failed} failed, ${skipped} skipped`
    : `${passed} passed, ${failed} failed`,
)
