import { describe, expect, it } from 'vitest'
import { marked } from 'marked'
import { readCollection, writeEntity, writeSession } from '@threatboard/shared'
import { checkoutReport } from '../../test/helpers/reportModel.ts'
import { renderMarkdown } from './renderMarkdown.ts'

describe('the full Markdown report', () => {
  it('keeps the lines of text typed on several lines, rendered as line breaks', () => {
    let title = ''
    const report = checkoutReport('Lines', (doc) => {
      writeSession(doc, { description: 'Checkout and payments.\n# Not in scope: the warehouse.' })
      const threat = readCollection(doc, 'threats')[0]!
      title = threat.title
      writeEntity(doc, 'threats', {
        ...threat,
        description: 'Seen twice:\n- in the logs\n- in a referrer',
        mitigation: 'Hash the token.\nRotate it daily.',
      })
    })
    const page = marked.parse(renderMarkdown(report, { layout: 'full', timeZone: 'UTC' }), {
      async: false,
    })
    expect(page).toContain('<p>Checkout and payments.<br># Not in scope: the warehouse.</p>')
    expect(page).toContain(
      `<li><strong>${title}:</strong> Seen twice:<br>- in the logs<br>- in a referrer Mitigation: Hash the token.<br>Rotate it daily.</li>`,
    )
  })
})
