// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { computed, createShapeId, type Editor } from 'tldraw'
import { headlessBoardEditor } from '../headlessBoard.ts'
import type {} from '../boardShapeTypes.ts'
import { everyShape, readBesidesPlaces } from './everyShape.ts'

let editor: Editor

beforeEach(() => {
  editor = headlessBoardEditor()
})

afterEach(() => editor.dispose())

const node = (name: string, x: number) => {
  const id = createShapeId()
  editor.createShape({ id, type: 'dfd-node', x, y: 0, props: { name } })
  return id
}

describe('every shape of the board', () => {
  it('is one list, the same while nothing changes, a new one when a shape does', () => {
    const db = node('Billing DB', 0)
    const first = everyShape(editor)
    expect(first.map((s) => s.id)).toEqual([db])
    // Read twice with nothing changed in between: the same list, not a query made again.
    expect(everyShape(editor)).toBe(first)
    editor.updateShape({ id: db, type: 'dfd-node', x: 40 })
    expect(everyShape(editor)).not.toBe(first)
    expect(everyShape(editor)[0]!.x).toBe(40)
  })
})

describe('a value read besides the shapes’ places', () => {
  it('is not worked out again when shapes move, and is when one is renamed, added or removed', () => {
    const db = node('Billing DB', 0)
    const api = node('Billing API', 400)
    let runs = 0
    const names = computed('names', () =>
      readBesidesPlaces(editor, () => {
        runs++
        return everyShape(editor)
          .map((s) => (s.type === 'dfd-node' ? s.props.name : s.type))
          .sort()
      }),
    )
    expect(names.get()).toEqual(['Billing API', 'Billing DB'])
    expect(runs).toBe(1)

    // Someone drags both elements, frame after frame: the names are not read again.
    for (let dx = 10; dx <= 50; dx += 10) {
      editor.updateShapes([
        { id: db, type: 'dfd-node', x: dx, y: dx },
        { id: api, type: 'dfd-node', x: 400 + dx },
      ])
      expect(names.get()).toEqual(['Billing API', 'Billing DB'])
    }
    expect(runs).toBe(1)

    // A move by someone else comes as a whole record from the room's document: the same props
    // and meta, but new objects.
    const remote = structuredClone(editor.getShape(db)!)
    editor.store.mergeRemoteChanges(() => editor.store.put([{ ...remote, x: 300 }]))
    expect(editor.getShape(db)!.x).toBe(300)
    expect(names.get()).toEqual(['Billing API', 'Billing DB'])
    expect(runs).toBe(1)

    editor.updateShape({ id: db, type: 'dfd-node', props: { name: 'Ledger DB' } })
    expect(names.get()).toEqual(['Billing API', 'Ledger DB'])
    expect(runs).toBe(2)

    const web = node('Web app', 800)
    expect(names.get()).toEqual(['Billing API', 'Ledger DB', 'Web app'])
    editor.deleteShape(web)
    expect(names.get()).toEqual(['Billing API', 'Ledger DB'])
    expect(runs).toBe(4)
  })

  it('still follows what is read outside it, as the page in view', () => {
    node('Billing DB', 0)
    const names = computed('names on the page', () => {
      const page = editor.getCurrentPageId()
      return readBesidesPlaces(editor, () =>
        everyShape(editor)
          .filter((s) => editor.getAncestorPageId(s) === page)
          .map((s) => (s.type === 'dfd-node' ? s.props.name : s.type)),
      )
    })
    expect(names.get()).toEqual(['Billing DB'])
    editor.createPage({ name: 'Second diagram' })
    editor.setCurrentPage(editor.getPages()[1]!.id)
    expect(names.get()).toEqual([])
  })
})
