// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createShapeId, toRichText, type Editor } from 'tldraw'
import { addFlow, addNode, headlessBoardEditor } from '../shapes/headlessBoard.ts'
import { elementFilterOptions, shapeName } from './ThreatFilters.tsx'

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
