import type { Editor, JsonObject, TLContent } from 'tldraw'
import { z } from 'zod'
import { readCollection, ThreatSchema, type Threat } from '@threatboard/shared'
import type { ThreatCardShape } from '../boardShapeTypes.ts'
import { shapeModelOf } from '../common/shapeModel.ts'

/**
 * The key, in a copied card's `meta`, under which the clipboard carries the card's threat, with
 * the names of the assets it is about (asset ids are the room's own; names travel).
 */
const CARRIED = 'copiedThreat'
const CarriedSchema = z.strictObject({
  threat: ThreatSchema,
  assetNames: z.array(z.string().max(200)).max(50),
})

/**
 * tldraw's `onBeforeCopyToClipboard`: each copied card carries its threat in the clipboard.
 * tldraw copies the cards but not the threats they show, which live in the room's model, so a
 * paste into another room (this browser's or another person's) would show "Threat deleted".
 * Only the clipboard's copy changes; the cards on the board keep their `meta` as it is.
 */
export function withCopiedThreats(editor: Editor, content: TLContent): TLContent {
  const model = shapeModelOf(editor)
  if (!model || !content.shapes.some((s) => s.type === 'threat-card')) return content
  const threats = new Map(readCollection(model.doc, 'threats').map((t) => [t.id, t]))
  const assets = new Map(readCollection(model.doc, 'assets').map((a) => [a.id, a.name]))
  const shapes = content.shapes.map((s) => {
    const threat = s.type === 'threat-card' ? threats.get(s.props.threatId) : undefined
    if (!threat) return s
    const assetNames = threat.targets.assets.flatMap((id) => assets.get(id) ?? [])
    const carried: z.input<typeof CarriedSchema> = { threat, assetNames }
    return { ...s, meta: { ...s.meta, [CARRIED]: carried as unknown as JsonObject } }
  })
  return { ...content, shapes }
}

/**
 * A card being created, without the threat a clipboard made it carry, and that threat (with the
 * names of its assets) when it reads as one. What a clipboard holds is anyone's input: a carried threat passes the model's
 * own schema or is dropped, and it never reaches the board's store with the card.
 */
export function takeCarriedThreat(card: ThreatCardShape): {
  card: ThreatCardShape
  threat: Threat | undefined
  assetNames: string[]
} {
  if (!(CARRIED in card.meta)) return { card, threat: undefined, assetNames: [] }
  const { [CARRIED]: carried, ...meta } = card.meta
  const parsed = CarriedSchema.safeParse(carried)
  const ok = parsed.success && parsed.data.threat.id === card.props.threatId
  return {
    card: { ...card, meta },
    threat: ok ? parsed.data.threat : undefined,
    assetNames: ok ? parsed.data.assetNames : [],
  }
}
