// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Editor, JsonObject, TLContent } from 'tldraw'
import { AssetSchema, readCollection, writeEntity, type Threat } from '@threatboard/shared'
import { addNode, headlessBoardEditor } from '../headlessBoard.ts'
import { registerShapeModel } from '../common/shapeModel.ts'
import { createThreatCard } from './createThreatCard.ts'
import { keepOneCardPerThreat } from './oneCardPerThreat.ts'
import { withCopiedThreats } from './copiedThreats.ts'

const editors: Editor[] = []
afterEach(() => {
  for (const e of editors.splice(0)) e.dispose()
})

/** A room: a board editor on its own doc, its rules on, with an asset of each name given. */
function room(assetNames: string[]) {
  const doc = new Y.Doc()
  const editor = headlessBoardEditor()
  editors.push(editor)
  registerShapeModel(editor, { doc, canEdit: true })
  keepOneCardPerThreat(editor, doc)
  const assets = assetNames.map((name, i) =>
    AssetSchema.parse({
      id: `a-${name.length}-${i}`,
      name,
      kind: 'data',
      sensitivity: 'restricted',
    }),
  )
  for (const a of assets) writeEntity(doc, 'assets', a)
  return { doc, editor, assets }
}

/** What the clipboard holds after copying the only card of `editor`'s page. */
function copiedCard(editor: Editor): TLContent {
  const card = editor.getCurrentPageShapes().find((s) => s.type === 'threat-card')!
  return withCopiedThreats(editor, editor.getContentFromCurrentPage([card.id])!)
}

const cardsOf = (editor: Editor) =>
  editor.getCurrentPageShapes().filter((s) => s.type === 'threat-card')

describe('a card copied from one room into another', () => {
  it('brings its threat, about the assets of the new room that bear its assets’ names', () => {
    const from = room(['Card data', 'Audit log'])
    const api = addNode(from.editor, 'Billing API', 0, 0, 'process')
    const threatId = createThreatCard(from.editor, from.doc, {
      category: 'information-disclosure',
      targetShapeId: api,
      userName: 'Ada',
    })
    const threat = readCollection(from.doc, 'threats').find((t) => t.id === threatId)!
    const aboutAssets = { ...threat.targets, assets: from.assets.map((a) => a.id) }
    writeEntity(from.doc, 'threats', { ...threat, targets: aboutAssets })
    const clip = copiedCard(from.editor)
    // The board's own card is left as it was.
    expect(Object.keys(cardsOf(from.editor)[0]!.meta)).not.toContain('copiedThreat')

    const to = room(['card data ', 'Session tokens'])
    to.editor.putContentOntoCurrentPage(clip)
    const [pasted] = readCollection(to.doc, 'threats')
    expect(pasted).toMatchObject({
      title: threat.title,
      category: 'information-disclosure',
      targets: { elements: [], assets: [to.assets[0]!.id] },
    })
    expect(pasted!.id).not.toBe(threatId)
    const [card] = cardsOf(to.editor)
    expect(card!.props.threatId).toBe(pasted!.id)
    expect(Object.keys(card!.meta)).not.toContain('copiedThreat')
  })

  it('brings nothing from a clipboard whose threat does not read as one, and keeps none of it', () => {
    const from = room([])
    const api = addNode(from.editor, 'Billing API', 0, 0, 'process')
    createThreatCard(from.editor, from.doc, {
      category: 'tampering',
      targetShapeId: api,
      userName: 'Ada',
    })
    const clip = copiedCard(from.editor)
    const forge = (change: (carried: { threat: Threat; assetNames: unknown }) => void) => {
      const shapes = clip.shapes.map((s) => {
        const carried = structuredClone(s.meta.copiedThreat) as unknown as {
          threat: Threat
          assetNames: unknown
        }
        if (!carried) return s
        change(carried)
        return { ...s, meta: { ...s.meta, copiedThreat: carried as unknown as JsonObject } }
      })
      return { ...clip, shapes }
    }
    for (const bad of [
      forge((c) => void ((c.threat as { category: string }).category = 'phishing')),
      forge((c) => void (c.assetNames = ['x'.repeat(201)])),
      forge((c) => void (c.threat.id = 't-another')),
    ]) {
      const to = room(['Card data'])
      to.editor.putContentOntoCurrentPage(bad)
      expect(readCollection(to.doc, 'threats')).toEqual([])
      const [card] = cardsOf(to.editor)
      expect(card).toBeDefined()
      expect(Object.keys(card!.meta)).not.toContain('copiedThreat')
    }
  })
})
