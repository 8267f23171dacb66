// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createShapeId, type Editor } from 'tldraw'
import { headlessBoardEditor } from '../shapes/headlessBoard.ts'
import { createThreatCard } from '../shapes/threatCard/createThreatCard.ts'
import { selectedShape } from './selectedShape.ts'

let editor: Editor

beforeEach(() => {
  editor = headlessBoardEditor()
})

afterEach(() => editor.dispose())

describe('the selection as the side panel reads it', () => {
  it('stays the same value while the selected shape is dragged, and follows a new selection', () => {
    const db = createShapeId()
    editor.createShape({ id: db, type: 'dfd-node', x: 0, y: 0, props: { name: 'Billing DB' } })
    const threatId = createThreatCard(editor, new Y.Doc(), {
      category: 'tampering',
      targetShapeId: db,
      userName: 'Ada',
    })
    const card = editor
      .getCurrentPageShapes()
      .find((s) => s.type === 'threat-card' && s.props.threatId === threatId)!
    const selected = selectedShape(editor)

    editor.select(card.id)
    const before = selected.get()
    expect(before).toEqual({ id: card.id, type: 'threat-card', threatId })
    for (let x = 10; x <= 50; x += 10) {
      editor.updateShape({ id: card.id, type: 'threat-card', x: card.x + x })
      expect(selected.get()).toBe(before)
    }
    editor.select(db)
    expect(selected.get()).toEqual({ id: db, type: 'dfd-node' })
    editor.selectNone()
    expect(selected.get()).toBeUndefined()
  })
})
