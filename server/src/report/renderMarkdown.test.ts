import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { marked } from 'marked'
import {
  createBoardSchema,
  initialBoardRecords,
  readCollection,
  seedRoomDoc,
  writeEntity,
  writeSession,
} from '@threatboard/shared'
import { writeCheckoutRoom } from '../../test/helpers/reportModel.ts'
import { buildReport } from './buildReport.ts'
import { renderMarkdown } from './renderMarkdown.ts'

describe('the full Markdown report', () => {
  it('keeps the lines of text typed on several lines, rendered as line breaks', () => {
    const doc = new Y.Doc()
    seedRoomDoc(doc, createBoardSchema(), initialBoardRecords())
    writeCheckoutRoom(doc)
    writeSession(doc, { description: 'Checkout and payments.\n# Not in scope: the warehouse.' })
    const threat = readCollection(doc, 'threats')[0]!
    writeEntity(doc, 'threats', {
      ...threat,
      description: 'Seen twice:\n- in the logs\n- in a referrer',
      mitigation: 'Hash the token.\nRotate it daily.',
    })
    const report = buildReport({
      roomId: 'r',
      title: 'Lines',
      doc,
      generatedAt: new Date('2026-12-08T01:00:00Z'),
      version: { kind: 'live', updatedAt: '2026-12-08T01:00:00.000Z' },
      diagrams: [],
    })
    const page = marked.parse(renderMarkdown(report, { layout: 'full', timeZone: 'UTC' }), {
      async: false,
    })
    expect(page).toContain('<p>Checkout and payments.<br># Not in scope: the warehouse.</p>')
    expect(page).toContain(
      `<li><strong>${threat.title}:</strong> Seen twice:<br>- in the logs<br>- in a referrer Mitigation: Hash the token.<br>Rotate it daily.</li>`,
    )
  })
})
