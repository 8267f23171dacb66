// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createShapeId, type Editor, type TLShapeId } from 'tldraw'
import {
  AssetSchema,
  patchEntity,
  readCollection,
  readSession,
  writeEntity,
  type DfdNodeKind,
} from '@threatboard/shared'
import { addFlow, addNode, headlessBoardEditor } from './headlessBoard.ts'
import { createThreatCard } from './threatCard/createThreatCard.ts'
import { keepPinsFitted, pinAsset } from './assetPin/pinAsset.ts'
import { followDataFlows } from './anchor/AnchorBindingUtil.ts'
import { registerShapeModel } from './common/shapeModel.ts'
import { LOCAL_MODEL_ORIGIN, modelUndo } from '../model/modelUndo.ts'
import { removeThreat } from '../panels/removeThreat.ts'
import { removeAsset } from '../panels/AssetRow.tsx'

let editor: Editor
let doc: Y.Doc
let stopFollowing: () => void

beforeEach(() => {
  editor = headlessBoardEditor()
  stopFollowing = followDataFlows(editor)
  doc = new Y.Doc()
})

afterEach(() => {
  stopFollowing()
  editor.dispose()
})

const node = (name: string, x: number, y: number, kind: DfdNodeKind = 'process') =>
  addNode(editor, name, x, y, kind)

const flow = (from: TLShapeId, to: TLShapeId) => addFlow(editor, from, to)

/** Where a shape is (a process is an ellipse: its bounds carry float noise). */
function expectAt(id: TLShapeId, x: number, y: number) {
  const shape = editor.getShape(id)!
  expect(shape.x).toBeCloseTo(x)
  expect(shape.y).toBeCloseTo(y)
}

const cards = () => editor.getCurrentPageShapes().filter((s) => s.type === 'threat-card')

describe('threat cards on the board', () => {
  it('writes the threat and a bound card beside the element, and the card follows it', () => {
    const api = node('Checkout API', 100, 100)
    const threatId = createThreatCard(editor, doc, {
      category: 'spoofing',
      targetShapeId: api,
      userName: 'Alice',
    })
    const [threat] = readCollection(doc, 'threats')
    expect(threat).toMatchObject({
      id: threatId,
      category: 'spoofing',
      title: 'Spoofing on Checkout API',
      severity: 'medium',
      status: 'open',
      author: 'Alice',
      targets: { elements: [api], assets: [] },
    })
    const card = cards()[0]!
    expectAt(card.id, 100 + 160 + 12, 100)
    editor.updateShape({ id: api, type: 'dfd-node', x: 300, y: 250 })
    expectAt(card.id, 300 + 160 + 12, 250)
  })

  it('puts a card inside the trust boundary its element is in, not across the boundary’s edge', () => {
    // The element (160 wide) sits 40 from the boundary's right edge: a card on its right would
    // lie across that edge; there is room on its left, inside.
    const zone = createShapeId()
    editor.createShape({
      id: zone,
      type: 'trust-boundary',
      x: -300,
      y: -100,
      props: { w: 700, h: 400 },
    })
    const api = node('Checkout API', 200, 100)
    createThreatCard(editor, doc, { category: 'spoofing', targetShapeId: api, userName: 'A' })
    const card = editor.getShapePageBounds(cards()[0]!)!
    const inside = editor.getShapePageBounds(zone)!
    expect(inside.contains(card)).toBe(true)
    expect(card.maxX).toBeLessThanOrEqual(200)
  })

  it('puts a card under an element at its boundary’s edge rather than wholly outside', () => {
    // The element 5 inside the boundary's left edge, another element on its right: the place on
    // its left is clear of the edge but outside the boundary; the one under it is inside.
    const zone = createShapeId()
    editor.createShape({ id: zone, type: 'trust-boundary', x: 0, y: 0, props: { w: 700, h: 400 } })
    const api = node('Checkout API', 5, 100)
    const right = editor.getShapePageBounds(api)!.maxX + 20
    node('Orders DB', right, 100, 'data-store' as never)
    createThreatCard(editor, doc, { category: 'spoofing', targetShapeId: api, userName: 'A' })
    const card = editor.getShapePageBounds(cards()[0]!)!
    expect(editor.getShapePageBounds(zone)!.contains(card)).toBe(true)
    expect(card.minY).toBeGreaterThan(editor.getShapePageBounds(api)!.maxY)
  })

  it('keeps the offset the user gives the card', () => {
    const api = node('API', 0, 0)
    createThreatCard(editor, doc, { category: 'tampering', targetShapeId: api, userName: 'A' })
    const card = cards()[0]!
    editor.updateShape({ id: card.id, type: 'threat-card', x: card.x + 40, y: card.y + 60 })
    editor.updateShape({ id: api, type: 'dfd-node', x: 100, y: 0 })
    expectAt(card.id, card.x + 140, card.y + 60)
  })

  it('follows a data flow when the element at its source moves', () => {
    const api = node('API', 0, 0)
    const db = node('DB', 400, 0, 'data-store' as never)
    const orders = flow(api, db)
    createThreatCard(editor, doc, { category: 'tampering', targetShapeId: orders, userName: 'A' })
    const card = cards()[0]!
    editor.updateShape({ id: api, type: 'dfd-node', y: 200 })
    // The card hangs under the middle between the two ends: the source moved 200 down.
    expect(editor.getShape(card.id)!.y).toBeCloseTo(card.y + 100)
  })

  it('one undo removes the card, and the threat stays in the model', () => {
    const api = node('API', 0, 0)
    editor.markHistoryStoppingPoint('before')
    createThreatCard(editor, doc, { category: 'spoofing', targetShapeId: api, userName: 'A' })
    expect(cards()).toHaveLength(1)
    editor.undo()
    expect(cards()).toHaveLength(0)
    expect(editor.getShape(api)).toBeDefined()
    expect(readCollection(doc, 'threats')).toHaveLength(1)
  })

  it('deleting the target keeps the card and the threat, which still names the element', () => {
    const api = node('API', 0, 0)
    createThreatCard(editor, doc, { category: 'spoofing', targetShapeId: api, userName: 'A' })
    editor.deleteShape(api)
    expect(cards()).toHaveLength(1)
    expect(editor.getBindingsFromShape(cards()[0]!.id, 'tb-anchor')).toEqual([])
    expect(readCollection(doc, 'threats')[0]!.targets.elements).toEqual([api])
  })

  it('a threat deleted from the panel comes back by model undo with its card where it was, tied to its element', () => {
    const api = node('API', 0, 0)
    const undo = modelUndo(doc) // as the board has it from the start
    createThreatCard(editor, doc, { category: 'spoofing', targetShapeId: api, userName: 'A' })
    const card = cards()[0]!
    editor.updateShape({ id: card.id, type: card.type, x: 40, y: 260 })
    const threat = readCollection(doc, 'threats')[0]!
    editor.markHistoryStoppingPoint('before the delete')

    removeThreat(doc, editor, threat, [], readSession(doc))
    expect(cards()).toHaveLength(0)
    // The board's own undo does not bring back a card of a threat that is gone.
    editor.undo()
    expect(cards()).toHaveLength(0)

    undo.undo()
    expect(readCollection(doc, 'threats').map((t) => t.id)).toEqual([threat.id])
    expect(cards().map((c) => [c.id, c.x, c.y])).toEqual([[card.id, 40, 260]])
    expect(editor.getBindingsFromShape(card.id, 'tb-anchor').map((b) => b.toId)).toEqual([api])
    // Redo takes both again, and undo brings both back again.
    undo.redo()
    expect(readCollection(doc, 'threats')).toEqual([])
    expect(cards()).toHaveLength(0)
    undo.undo()
    expect(cards().map((c) => c.id)).toEqual([card.id])
    expect(readCollection(doc, 'threats')).toHaveLength(1)
  })

  it('a threat added by mistake goes with its card by model undo, and redo puts both back', () => {
    const api = node('API', 0, 0)
    const undo = modelUndo(doc) // as the board has it from the start
    const threatId = createThreatCard(editor, doc, {
      category: 'spoofing',
      targetShapeId: api,
      userName: 'A',
    })
    const card = cards()[0]!
    editor.updateShape({ id: card.id, type: card.type, x: 40, y: 260 })
    // The severity typed at once is a step of its own: the first undo takes only it back.
    patchEntity(doc, 'threats', threatId, { severity: 'high' }, LOCAL_MODEL_ORIGIN)
    undo.undo()
    expect(readCollection(doc, 'threats').map((t) => [t.id, t.severity])).toEqual([
      [threatId, 'medium'],
    ])
    expect(cards()).toHaveLength(1)
    // The next takes the threat, and its card with it: no card stands for a threat that is gone.
    undo.undo()
    expect(readCollection(doc, 'threats')).toEqual([])
    expect(cards()).toEqual([])
    undo.redo()
    expect(readCollection(doc, 'threats').map((t) => t.id)).toEqual([threatId])
    expect(cards().map((c) => [c.id, c.x, c.y])).toEqual([[card.id, 40, 260]])
    expect(editor.getBindingsFromShape(card.id, 'tb-anchor').map((b) => b.toId)).toEqual([api])
    undo.undo()
    expect(cards()).toEqual([])
    // A card deleted by hand before the undo is not brought back by the redo.
    undo.redo()
    editor.deleteShape(card.id)
    undo.undo()
    undo.redo()
    expect(readCollection(doc, 'threats').map((t) => t.id)).toEqual([threatId])
    expect(cards()).toEqual([])
  })

  it('a card on an asset pin targets the asset and rides along with the pin', () => {
    const api = node('API', 0, 0)
    pinAsset(editor, { assetId: 'acard', targetShapeId: api })
    const pin = editor.getCurrentPageShapes().find((s) => s.type === 'asset-pin')!
    createThreatCard(editor, doc, {
      category: 'information-disclosure',
      targetShapeId: pin.id,
      userName: 'A',
    })
    expect(readCollection(doc, 'threats')[0]!.targets).toEqual({ elements: [], assets: ['acard'] })
    const card = cards()[0]!
    editor.updateShape({ id: api, type: 'dfd-node', x: 50, y: 70 })
    expectAt(pin.id, pin.x + 50, pin.y + 70)
    expectAt(card.id, card.x + 50, card.y + 70)
  })

  it('an asset deleted from the panel comes back by model undo with its pin, and the card on the pin tied to it again', () => {
    const api = node('API', 0, 0)
    const undo = modelUndo(doc)
    writeEntity(
      doc,
      'assets',
      AssetSchema.parse({
        id: 'acard',
        name: 'Card data',
        kind: 'data',
        sensitivity: 'restricted',
      }),
    )
    pinAsset(editor, { assetId: 'acard', targetShapeId: api })
    const pin = editor.getCurrentPageShapes().find((s) => s.type === 'asset-pin')!
    createThreatCard(editor, doc, { category: 'tampering', targetShapeId: pin.id, userName: 'A' })
    const card = cards()[0]!
    const pins = () => editor.getCurrentPageShapes().filter((s) => s.type === 'asset-pin')
    const tie = () => editor.getBindingsFromShape(card.id, 'tb-anchor').map((b) => b.toId)

    removeAsset(doc, editor, readCollection(doc, 'assets')[0]!, readCollection(doc, 'threats'))
    expect(pins()).toEqual([])
    expect(tie()).toEqual([])
    expect(readCollection(doc, 'threats')[0]!.targets.assets).toEqual([])

    undo.undo()
    expect(readCollection(doc, 'assets').map((a) => a.id)).toEqual(['acard'])
    expect(readCollection(doc, 'threats')[0]!.targets.assets).toEqual(['acard'])
    expect(pins().map((p) => [p.id, p.x, p.y])).toEqual([[pin.id, pin.x, pin.y]])
    expect(tie()).toEqual([pin.id])
    // The pin rides with its element again.
    editor.updateShape({ id: api, type: 'dfd-node', x: 30, y: 0 })
    expectAt(pin.id, pin.x + 30, pin.y)
  })
})

describe('board shapes', () => {
  it('a data flow is never bound to a trust boundary, a card or a pin', () => {
    const boundary = createShapeId()
    editor.createShape({ id: boundary, type: 'trust-boundary', x: 0, y: 0 })
    const api = node('API', 0, 0)
    for (const [toShape, expected] of [
      [editor.getShape(boundary)!, false],
      [{ type: 'threat-card' }, false],
      [{ type: 'asset-pin' }, false],
      [editor.getShape(api)!, true],
    ] as const) {
      expect(
        editor.canBindShapes({ fromShape: { type: 'arrow' }, toShape, binding: 'arrow' }),
      ).toBe(expected)
    }
  })
})

describe('asset pins', () => {
  const asset = (name: string) =>
    writeEntity(
      doc,
      'assets',
      AssetSchema.parse({ id: 'acard', name, kind: 'data', sensitivity: 'restricted' }),
    )
  const pinW = () =>
    editor.getCurrentPageShapes().find((s) => s.type === 'asset-pin')!.props.w as number

  it('a pin drawn at a fixed width (template, import) fits its name, and follows a rename', async () => {
    asset('Payments and card tokens')
    const api = node('API', 0, 0)
    const pin = createShapeId()
    editor.createShape({
      id: pin,
      type: 'asset-pin',
      x: 0,
      y: 100,
      props: { assetId: 'acard', w: 128 },
    })
    const stop = keepPinsFitted(editor, doc)
    const forget = registerShapeModel(editor, { doc, canEdit: true })
    const fitted = pinW()
    expect(fitted).toBeGreaterThan(128)
    // The same width a pin gets when pinned by hand.
    pinAsset(editor, { assetId: 'acard', targetShapeId: api })
    const byHand = editor.getCurrentPageShapes().filter((s) => s.type === 'asset-pin')
    expect(byHand.map((s) => s.props.w)).toEqual([fitted, fitted])
    asset('Payments, card tokens and the saved cards of every customer')
    await Promise.resolve()
    expect(pinW()).toBeGreaterThan(fitted)
    stop()
    forget()
    asset('Cards')
    await Promise.resolve()
    expect(pinW()).toBeGreaterThan(fitted)
  })
})
