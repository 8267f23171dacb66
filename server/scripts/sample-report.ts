// Writes docs/sample-report.md, docs/sample-report.pdf and docs/sample-report-page1.png from a
// realistic example room: a web shop's checkout modelled in a Large session (the model the
// report tests use). Run: node server/scripts/sample-report.ts (needs pdftoppm for the PNG).
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import {
  createBoardSchema,
  getRecordsMap,
  initialBoardRecords,
  readAllRecords,
  readCollection,
  seedRoomDoc,
  writeEntity,
} from '@threatboard/shared'
import { buildReport } from '../src/report/buildReport.ts'
import { renderMarkdown } from '../src/report/renderMarkdown.ts'
import { renderPdf } from '../src/report/renderPdf.ts'
import { drawDiagrams } from '../src/report/drawDiagrams.ts'
import { writeCheckoutRoom } from '../test/helpers/reportModel.ts'

const doc = new Y.Doc()
seedRoomDoc(doc, createBoardSchema(), initialBoardRecords())
writeCheckoutRoom(doc, 'large')
// Hints and reviews reach a live room through the API; a script may write them directly.
writeEntity(doc, 'hints', {
  id: 'h1',
  text: 'Is the webhook signature checked before the order is marked paid?',
  author: 'Sam',
  target: { kind: 'element', id: 'shape:f9' },
  createdAt: Date.UTC(2026, 10, 30, 19, 5),
  hidden: false,
  state: 'acknowledged',
})
writeEntity(doc, 'hints', {
  id: 'h2',
  text: 'Consider who can restore a backup, not only who can read it.',
  author: 'Sam',
  target: { kind: 'threat', id: 't3' },
  createdAt: Date.UTC(2026, 10, 30, 19, 20),
  hidden: false,
  state: 'open',
})
writeEntity(doc, 'reviews', {
  id: 'v1',
  reviewer: 'Sam',
  verdict: 'changes-requested',
  comment: 'Good coverage of the payment path; the back-office side needs an owner for each High.',
  findings: 'Order search (t16) has no owner yet.',
  at: Date.UTC(2026, 10, 30, 20, 10),
})

const records = readAllRecords(getRecordsMap(doc))
const diagrams = drawDiagrams(
  records,
  readCollection(doc, 'threats'),
  readCollection(doc, 'assets'),
)
const report = buildReport({
  roomId: 'sample',
  title: 'Web shop checkout',
  doc,
  generatedAt: new Date('2026-11-30T20:41:00Z'),
  version: {
    kind: 'version',
    number: 1,
    name: 'End of session',
    createdBy: 'Ada',
    createdAt: '2026-11-30T20:30:00.000Z',
  },
  diagrams,
})
const docs = path.join(import.meta.dirname, '..', '..', 'docs')
const pdfFile = path.join(docs, 'sample-report.pdf')
writeFileSync(
  path.join(docs, 'sample-report.md'),
  renderMarkdown(report, { layout: 'full', timeZone: 'UTC' }),
)
writeFileSync(pdfFile, await renderPdf(report, { layout: 'full', timeZone: 'UTC' }))
// The Markdown is kept in Prettier's form, as `pnpm format:check` expects of docs/.
execFileSync('pnpm', ['exec', 'prettier', '--write', path.join(docs, 'sample-report.md')])
execFileSync('pdftoppm', [
  '-png',
  '-r',
  '60',
  '-f',
  '1',
  '-l',
  '1',
  '-singlefile',
  pdfFile,
  path.join(docs, 'sample-report-page1'),
])
console.log('wrote docs/sample-report.md, docs/sample-report.pdf and docs/sample-report-page1.png')
