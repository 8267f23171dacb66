// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createShapeId, toRichText, type Editor } from 'tldraw'
import { addFlow, addNode, headlessBoardEditor } from '../shapes/headlessBoard.ts'
import { ThreatSchema } from '@threatboard/shared'
import { elementFilterOptions, isFiltering, matches, shapeName } from './ThreatFilters.tsx'

let editor: Editor
beforeEach(() => {
  editor = headlessBoardEditor()
})
afterEach(() => editor.dispose())

describe('shapeName', () => {
  it('names elements by their name and flows by their label, following a rename', () => {
    const api = addNode(editor, 'Orders API', 0, 0, 'process')
    const db = addNode(editor, 'Orders DB', 400, 0, 'data-store')
    const flow = addFlow(editor, api, db)
    expect(shapeName(editor, editor.getShape(api)!)).toBe('Orders API')
    // A flow without a label is still listed, by what it is.
    expect(shapeName(editor, editor.getShape(flow)!)).toBe('Data flow')
    editor.updateShape({
      id: flow,
      type: 'arrow',
      props: { richText: toRichText(' Store order ') },
    })
    expect(shapeName(editor, editor.getShape(flow)!)).toBe('Store order')
    editor.updateShape({ id: flow, type: 'arrow', props: { richText: toRichText('Read order') } })
    expect(shapeName(editor, editor.getShape(flow)!)).toBe('Read order')
  })

  it('reads a flow’s label as tldraw does: paragraphs and line breaks as new lines, marks ignored', () => {
    const api = addNode(editor, 'Orders API', 0, 0, 'process')
    const db = addNode(editor, 'Orders DB', 400, 0, 'data-store')
    const flow = addFlow(editor, api, db)
    const text = (content: object[]) => ({ type: 'doc', content })
    const labels = [
      text([
        { type: 'paragraph', content: [{ type: 'text', text: 'Store' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'order' }] },
      ]),
      text([
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Card ' },
            { type: 'text', text: 'pay', marks: [{ type: 'bold' }] },
            { type: 'text', text: 'ment' },
            { type: 'hardBreak' },
            { type: 'text', text: 'HTTPS' },
          ],
        },
      ]),
    ]
    for (const richText of labels) {
      editor.updateShape({ id: flow, type: 'arrow', props: { richText } })
      const shape = editor.getShape(flow)!
      expect(shapeName(editor, shape)).toBe(editor.getShapeUtil(shape).getText(shape)?.trim())
    }
    expect(shapeName(editor, editor.getShape(flow)!)).toBe('Card payment\nHTTPS')
  })
})

describe('elementFilterOptions', () => {
  it('lists elements, then flows, then boundaries, each alphabetically, a flow named as one', () => {
    const zone = createShapeId()
    editor.createShape({ id: zone, type: 'trust-boundary', x: 0, y: 0, props: { name: 'DMZ' } })
    const web = addNode(editor, 'Web app', 0, 0, 'process')
    const db = addNode(editor, 'Accounts DB', 400, 0, 'data-store')
    const write = addFlow(editor, web, db)
    editor.updateShape({ id: write, type: 'arrow', props: { richText: toRichText('Write') } })
    const unlabelled = addFlow(editor, db, web)
    const admin = addNode(editor, 'admin console', 0, 300, 'process')
    const options = elementFilterOptions(editor, editor.getCurrentPageShapes())
    expect(options).toEqual([
      { id: db, name: 'Accounts DB' },
      { id: admin, name: 'admin console' },
      { id: web, name: 'Web app' },
      { id: unlabelled, name: 'an unlabelled flow' },
      { id: write, name: 'the flow “Write”' },
      { id: zone, name: 'the trust boundary “DMZ”' },
    ])
  })
})

describe('matches, by words', () => {
  const threat = ThreatSchema.parse({
    id: 't1',
    category: 'tampering',
    title: 'Order rows edited in place',
    description: 'Anyone with DB access can change a paid ORDER',
    mitigation: 'Sign each change',
    targets: { elements: [], assets: [] },
    severity: 'high',
    status: 'open',
    createdAt: 1,
  })

  it('finds every word, in any case, in the title, description or mitigation', () => {
    expect(matches(threat, { text: 'order' })).toBe(true)
    expect(matches(threat, { text: 'PAID db' })).toBe(true)
    expect(matches(threat, { text: '  sign   change ' })).toBe(true)
    // One word missing is no match; words may come from different fields.
    expect(matches(threat, { text: 'order replay' })).toBe(false)
    expect(matches(threat, { text: 'rows sign' })).toBe(true)
  })

  it('combines with the other filters, and only blanks is no filter', () => {
    expect(matches(threat, { text: 'order', severity: 'low' })).toBe(false)
    expect(matches(threat, { text: 'order', severity: 'high', status: 'open' })).toBe(true)
    expect(matches(threat, { text: '   ' })).toBe(true)
    expect(isFiltering({})).toBe(false)
    expect(isFiltering({ text: undefined, status: undefined })).toBe(false)
    expect(isFiltering({ text: 'order' })).toBe(true)
    expect(isFiltering({ element: 'shape:api' })).toBe(true)
  })
})
