// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createShapeId, toRichText, type Editor } from 'tldraw'
import { headlessBoardEditor } from '../shapes/headlessBoard.ts'
import { createThreatCard } from '../shapes/threatCard/createThreatCard.ts'
import { describeShape, selectionTarget } from './hintTarget.ts'

let editor: Editor

beforeEach(() => {
  // Reads a flow's rich-text label as <Tldraw> does.
  editor = headlessBoardEditor()
})

afterEach(() => editor.dispose())

describe('how a hint names what the observer selected', () => {
  it('names an element by its name, a flow by its label, a card by its threat', () => {
    const db = createShapeId()
    editor.createShape({ id: db, type: 'dfd-node', x: 0, y: 0, props: { name: 'Billing DB' } })
    const flow = createShapeId()
    editor.createShape({
      id: flow,
      type: 'arrow',
      x: 0,
      y: 0,
      props: { richText: toRichText('Invoice requests') },
    })
    const doc = new Y.Doc()
    const threatId = createThreatCard(editor, doc, {
      category: 'tampering',
      targetShapeId: db,
      userName: 'Ada',
    })
    const card = editor
      .getCurrentPageShapes()
      .find((s) => s.type === 'threat-card' && s.props.threatId === threatId)!
    const lookups = { threats: [{ id: threatId, title: 'Tampering on Billing DB' }], assets: [] }

    expect(describeShape(editor, db, lookups)).toBe('Billing DB')
    expect(describeShape(editor, flow, lookups)).toBe('the flow “Invoice requests”')
    expect(describeShape(editor, card.id, lookups)).toBe('threat “Tampering on Billing DB”')
    expect(describeShape(editor, 'shape:gone', lookups)).toBeUndefined()
    // A hint on a selected card is a hint on its threat; on anything else, on the shape.
    expect(selectionTarget(editor, card.id)).toEqual({ kind: 'threat', id: threatId })
    expect(selectionTarget(editor, flow)).toEqual({ kind: 'element', id: flow })
  })
})
