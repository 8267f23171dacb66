// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createShapeId, toRichText, type Editor } from 'tldraw'
import type { Hint, Threat } from '@threatboard/shared'
import { headlessBoardEditor } from '../shapes/headlessBoard.ts'
import { createThreatCard } from '../shapes/threatCard/createThreatCard.ts'
import { hintPanelValues } from './hintPanelValues.ts'

let editor: Editor

beforeEach(() => {
  editor = headlessBoardEditor()
})

afterEach(() => editor.dispose())

/**
 * The side panel re-renders whenever one of these values is a new one, and with it every threat
 * row: moving a shape must leave them as they were, while a rename must reach them.
 */
describe('what the hints part of the panel derives from the board', () => {
  it('keeps the same values while shapes move, and gives new ones when a name changes', () => {
    const db = createShapeId()
    const api = createShapeId()
    const flow = createShapeId()
    editor.createShape({ id: db, type: 'dfd-node', x: 0, y: 0, props: { name: 'Billing DB' } })
    editor.createShape({ id: api, type: 'dfd-node', x: 400, y: 0, props: { name: 'Billing API' } })
    editor.createShape({
      id: flow,
      type: 'arrow',
      x: 0,
      y: 200,
      props: { richText: toRichText('Invoice requests') },
    })
    const threatId = createThreatCard(editor, new Y.Doc(), {
      category: 'tampering',
      targetShapeId: db,
      userName: 'Ada',
    })
    const threats = [{ id: threatId, title: 'Tampering on Billing DB' }] as Threat[]
    const hints = [
      { id: 'h1', target: { kind: 'element', id: db } },
      { id: 'h2', target: { kind: 'threat', id: threatId } },
    ] as Hint[]
    editor.select(db)
    const values = hintPanelValues(editor, { hints, threats, assets: [] })
    const read = () => ({
      selection: values.selection.get(),
      targets: values.targets.get(),
      elementNames: values.elementNames.get(),
      hintShapes: values.hintShapes.get(),
    })
    const before = read()
    expect(before.targets.map((t) => t.name)).toEqual([
      'Billing API',
      'Billing DB',
      'the flow “Invoice requests”',
    ])
    expect(before.selection).toEqual({ target: { kind: 'element', id: db }, name: 'Billing DB' })
    expect(before.elementNames.get(db)).toBe('Billing DB')
    expect(before.hintShapes.size).toBe(2)

    // The selected element and another move: nothing the panel shows changes.
    editor.updateShapes([
      { id: db, type: 'dfd-node', x: 120, y: 40 },
      { id: api, type: 'dfd-node', x: 520, y: 40 },
    ])
    const moved = read()
    expect(moved.selection).toBe(before.selection)
    expect(moved.targets).toBe(before.targets)
    expect(moved.elementNames).toBe(before.elementNames)
    expect(moved.hintShapes).toBe(before.hintShapes)

    // A rename reaches the form, the list and the hints' names.
    editor.updateShape({ id: db, type: 'dfd-node', props: { name: 'Ledger DB' } })
    const renamed = read()
    expect(renamed.selection?.name).toBe('Ledger DB')
    expect(renamed.targets.map((t) => t.name)).toContain('Ledger DB')
    expect(renamed.elementNames.get(db)).toBe('Ledger DB')

    // Another person renames the threat: the panel asks again with the new threats. The list of
    // targets (which names no threat) is the one it had; the selected card's name follows.
    editor.select(editor.getCurrentPageShapes().find((s) => s.type === 'threat-card')!.id)
    const edited = [{ id: threatId, title: 'Ledger rows rewritten' }] as Threat[]
    const after = hintPanelValues(editor, { hints, threats: edited, assets: [] })
    expect(after.targets.get()).toBe(renamed.targets)
    expect(after.selection.get()?.name).toBe('threat “Ledger rows rewritten”')
  })
})
