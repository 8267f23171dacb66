import type { Editor, JsonObject, TLContent } from 'tldraw'
import { readCollection, ThreatSchema, type Threat } from '@threatboard/shared'
import type { ThreatCardShape } from '../boardShapeTypes.ts'
import { shapeModelOf } from '../common/shapeModel.ts'

/** The key, in a copied card's `meta`, under which the clipboard carries the card's threat. */
const CARRIED = 'copiedThreat'

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
  const shapes = content.shapes.map((s) => {
    const threat = s.type === 'threat-card' ? threats.get(s.props.threatId) : undefined
    return threat ? { ...s, meta: { ...s.meta, [CARRIED]: threat as unknown as JsonObject } } : s
  })
  return { ...content, shapes }
}

/**
 * A card being created, without the threat a clipboard made it carry, and that threat when it
 * reads as one. What a clipboard holds is anyone's input: a carried threat passes the model's
 * own schema or is dropped, and it never reaches the board's store with the card.
 */
export function takeCarriedThreat(card: ThreatCardShape): {
  card: ThreatCardShape
  threat: Threat | undefined
} {
  if (!(CARRIED in card.meta)) return { card, threat: undefined }
  const { [CARRIED]: carried, ...meta } = card.meta
  const parsed = ThreatSchema.safeParse(carried)
  const threat = parsed.success && parsed.data.id === card.props.threatId ? parsed.data : undefined
  return { card: { ...card, meta }, threat }
}
