// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type Editor, type TLShapeId } from 'tldraw'
import { addFlow, addNode, headlessBoardEditor } from './headlessBoard.ts'
import { installBoardRules } from './boardRules.ts'
import { createThreatCard } from './threatCard/createThreatCard.ts'
import { nodeMinSize } from './dfdNode/nodeSize.ts'
import { pinAsset } from './assetPin/pinAsset.ts'
import { wrapText } from './common/svgText.tsx'

let editor: Editor
let stopRules: () => void

beforeEach(() => {
  editor = headlessBoardEditor()
  stopRules = installBoardRules(editor, true)
})

afterEach(() => {
  stopRules()
  editor.dispose()
})

const node = (name: string, x: number, y: number) => addNode(editor, name, x, y, 'external-entity')

const flow = (from: TLShapeId, to: TLShapeId) => addFlow(editor, from, to)

const bend = (id: TLShapeId) => (editor.getShape(id) as { props: { bend: number } }).props.bend

describe('the board’s rules in the editor', () => {
  it('wraps text between words, and inside a word only when it alone is wider than a line', () => {
    const lines = wrapText('Customer browser on a shared family laptop', { px: 15, maxWidth: 120 })
    expect(lines.length).toBeGreaterThan(1)
    expect(lines.join(' ')).toBe('Customer browser on a shared family laptop')
    const token = 'Supercalifragilistic'
    const pieces = wrapText(`a ${token} b`, { px: 15, maxWidth: 50 })
    expect(pieces.length).toBeGreaterThan(3)
    expect(pieces.join('').replace(/ /g, '')).toBe(`a${token}b`)
    for (const piece of pieces) expect(piece.length * 15 * 0.56).toBeLessThanOrEqual(50)
  })

  it('keeps a node with one pasted 200-character word a readable width', () => {
    const id = node('Checkout', 0, 0)
    const token = 'x'.repeat(200)
    editor.updateShape({ id, type: 'dfd-node', props: { name: token } })
    const { w, h } = (editor.getShape(id) as { props: { w: number; h: number } }).props
    // The word breaks across lines: the node is taller, not 2,000 px wide.
    expect(w).toBeLessThan(400)
    expect(h).toBeGreaterThan(nodeMinSize('external-entity', 'Checkout', false).h * 2)
  })

  it('grows a node to its name and never lets it shrink below it', () => {
    const short = nodeMinSize('process', 'API', false)
    const long = nodeMinSize('process', 'Customer browser on a shared family laptop', true)
    expect(long.w).toBeGreaterThan(short.w)
    expect(long.h).toBeGreaterThan(short.h)
    const id = node('Customer browser on a shared family laptop', 0, 0)
    editor.updateShape({ id, type: 'dfd-node', props: { w: 40, h: 20 } })
    const { w, h } = (editor.getShape(id) as { props: { w: number; h: number } }).props
    const min = nodeMinSize('external-entity', 'Customer browser on a shared family laptop', false)
    expect(w).toBeGreaterThanOrEqual(min.w)
    expect(h).toBeGreaterThanOrEqual(min.h)
  })

  it('keeps a pin under a grown element and a card on its left beside it, once', () => {
    const api = node('API', 300, 0)
    pinAsset(editor, { assetId: 'acard', targetShapeId: api })
    createThreatCard(editor, new Y.Doc(), {
      category: 'spoofing',
      targetShapeId: api,
      userName: 'A',
    })
    const find = (type: string) => editor.getCurrentPageShapes().find((s) => s.type === type)!
    const bounds = (id: TLShapeId) => editor.getShapePageBounds(id)!
    // The card moved to the element's left, 20 px from it.
    const card = find('threat-card')
    editor.updateShape({ id: card.id, type: 'threat-card', x: 300 - 20 - bounds(card.id).w })
    const pinGap = bounds(find('asset-pin').id).minY - bounds(api).maxY
    const grow = (w: number, h: number) =>
      editor.updateShape({ id: api, type: 'dfd-node', props: { w, h } })
    const where = () => ({
      pin: {
        x: bounds(find('asset-pin').id).minX,
        gap: bounds(find('asset-pin').id).minY - bounds(api).maxY,
      },
      card: { gap: bounds(api).minX - bounds(card.id).maxX, y: bounds(card.id).minY },
    })
    const start = where()
    editor.markHistoryStoppingPoint('grow')
    grow(400, 150)
    expect(where()).toEqual({ pin: { x: 300, gap: pinGap }, card: { gap: 20, y: 0 } })
    // One undo takes the element back to its size and what hangs from it back to its place.
    editor.undo()
    expect(where()).toEqual(start)
    editor.redo()
    expect(where()).toEqual({ pin: { x: 300, gap: pinGap }, card: { gap: 20, y: 0 } })
    // Another person's resize is not followed here: it arrives with the offsets their editor
    // set (moving them here too put a pin twice as far). Alone, it leaves them where they were
    // from the top-right corner.
    const now = editor.getShape(api)!
    editor.store.mergeRemoteChanges(() =>
      editor.store.put([{ ...now, props: { ...now.props, w: 460, h: 170 } } as typeof now]),
    )
    expect(where()).toEqual({ pin: { x: 360, gap: pinGap - 20 }, card: { gap: -40, y: 0 } })
  })

  it('bends a second flow between the same two elements, drawn either way, away from the first', () => {
    const a = node('A', 0, 0)
    const b = node('B', 500, 0)
    const first = flow(a, b)
    const back = flow(b, a)
    const third = flow(a, b)
    expect(bend(first)).toBe(0)
    // As seen from A: three different bends, at least 60 apart.
    const seen = [bend(first), -bend(back), bend(third)]
    expect(new Set(seen).size).toBe(3)
    for (const x of seen)
      for (const y of seen) if (x !== y) expect(Math.abs(x - y)).toBeGreaterThanOrEqual(60)
  })

  it('keeps the model’s shapes opaque and writes flows in the sans font', () => {
    editor.setOpacityForNextShapes(0.25)
    const a = node('A', 0, 0)
    const f = flow(a, node('B', 400, 0))
    expect(editor.getShape(a)!.opacity).toBe(1)
    expect(editor.getShape(f)).toMatchObject({ opacity: 1, props: { font: 'sans', dash: 'solid' } })
    editor.updateShape({ id: a, type: 'dfd-node', opacity: 0.5 })
    expect(editor.getShape(a)!.opacity).toBe(1)
  })

  it('puts each new card on free space, off other elements and cards', () => {
    const api = node('Checkout API', 0, 0)
    // Where the first card would go by default (right of the API's top) is taken.
    node('Orders DB', editor.getShapePageBounds(api)!.maxX + 20, 0)
    const doc = new Y.Doc()
    for (const category of ['spoofing', 'tampering', 'repudiation', 'denial-of-service'] as const) {
      createThreatCard(editor, doc, { category, targetShapeId: api, userName: 'Ada' })
    }
    const boxes = editor.getCurrentPageShapes().map((s) => editor.getShapePageBounds(s)!)
    for (const [i, box] of boxes.entries()) {
      for (const other of boxes.slice(i + 1)) expect(box.collides(other)).toBe(false)
    }
  })
})
