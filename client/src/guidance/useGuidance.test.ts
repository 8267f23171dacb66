// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createShapeId, type Editor } from 'tldraw'
import type * as Shared from '@threatboard/shared'
import { addFlow, addNode, headlessBoardEditor } from '../shapes/headlessBoard.ts'
import { applicableFor, boardFactsOf, coverageOf } from './useGuidance.ts'

/** How many times the board's facts were built: the real builder, counted. */
const builds = vi.hoisted(() => ({ count: 0 }))
vi.mock('@threatboard/shared', async (importOriginal) => {
  const shared = await importOriginal<typeof Shared>()
  return {
    ...shared,
    buildDiagramFacts: (...args: Parameters<typeof shared.buildDiagramFacts>) => {
      builds.count++
      return shared.buildDiagramFacts(...args)
    },
  }
})

let editor: Editor

beforeEach(() => {
  editor = headlessBoardEditor()
})

afterEach(() => editor.dispose())

/**
 * The guidance's rules, the coverage overlay and the checklist run again, and re-render, when
 * the board's facts are new: a shape dragged inside its boundary must leave them as they were,
 * every frame of the drag; crossing a boundary or renaming must not.
 */
describe("the board's facts for the guidance", () => {
  it('stay the same value while an element moves inside its boundary, and change when it leaves', () => {
    const zone = createShapeId()
    editor.createShape({
      id: zone,
      type: 'trust-boundary',
      x: 0,
      y: 0,
      props: { w: 1000, h: 600, name: 'Internal network' },
    })
    const api = addNode(editor, 'Orders API', 100, 100, 'process')
    const db = addNode(editor, 'Orders DB', 500, 100, 'data-store')
    addFlow(editor, api, db)
    const facts = boardFactsOf(editor)
    const before = facts.get()
    expect(before.facts.byId.get(api)).toMatchObject({ boundary: zone })
    expect(before.facts.flows[0]).toMatchObject({ crossesBoundary: false })

    // Each frame of a drag inside the boundary: the facts are not even built again.
    const built = builds.count
    for (let x = 110; x <= 300; x += 10) {
      editor.updateShape({ id: api, type: 'dfd-node', x, y: 120 })
      expect(facts.get()).toBe(before)
    }
    expect(builds.count).toBe(built)

    // Out of the boundary: the flow now crosses it.
    editor.updateShape({ id: api, type: 'dfd-node', x: 1400, y: 120 })
    const outside = facts.get()
    expect(outside).not.toBe(before)
    expect(outside.facts.byId.get(api)).toMatchObject({ boundary: undefined })
    expect(outside.facts.flows[0]).toMatchObject({ crossesBoundary: true })

    expect(builds.count).toBe(built + 1)

    editor.updateShape({ id: db, type: 'dfd-node', props: { name: 'Ledger' } })
    expect(facts.get().facts.byId.get(db)).toMatchObject({ name: 'Ledger' })
    // A flow's end moved to another element (its binding changed, no shape moved).
    const cache = addNode(editor, 'Cache', 300, 400, 'data-store')
    const rebound = editor.getBindingsFromShape(
      editor.getCurrentPageShapes().find((s) => s.type === 'arrow')!,
      'arrow',
    )
    const end = rebound.find((b) => b.props.terminal === 'end')!
    editor.updateBinding({ ...end, toId: cache })
    expect(facts.get().facts.flows[0]).toMatchObject({ target: cache })
  })
})

type Threats = Parameters<typeof coverageOf>[1]
const threatOn = (element: string, category: Threats[number]['category']) =>
  ({ category, targets: { elements: [element] } }) as unknown as Threats[number]

/**
 * Another person's edit of a threat changes what is considered, never the diagram: the rules'
 * list is kept, and the coverage is worked out once for the four places that show it.
 */
describe('guidance when only the threats change', () => {
  it("keeps the rules' suggestions and works coverage out once per change of the threats", () => {
    const user = addNode(editor, 'Customer', -300, 100, 'external-entity')
    const api = addNode(editor, 'Orders API', 100, 100, 'process')
    addFlow(editor, user, api)
    const board = boardFactsOf(editor).get()
    const suggestions = applicableFor(board)
    expect(suggestions.some((s) => s.elementId === api && s.category === 'tampering')).toBe(true)

    const none: Threats = []
    const first = coverageOf(board, none)
    expect(coverageOf(board, none)).toBe(first)
    expect(first.find((c) => c.id === api)?.considered.has('tampering')).toBe(false)

    const edited: Threats = [threatOn(api, 'tampering')]
    const after = coverageOf(board, edited)
    expect(after).not.toBe(first)
    expect(after.find((c) => c.id === api)?.considered.has('tampering')).toBe(true)
    expect(coverageOf(board, edited)).toBe(after)
    expect(applicableFor(board)).toBe(suggestions)

    // A change of the diagram runs the rules again.
    editor.updateShape({ id: api, type: 'dfd-node', props: { name: 'Payments API' } })
    const renamed = boardFactsOf(editor).get()
    expect(renamed).not.toBe(board)
    expect(applicableFor(renamed)).not.toBe(suggestions)
    expect(applicableFor(renamed).find((s) => s.elementId === api)?.title).toMatch(/Payments API/)
  })
})
