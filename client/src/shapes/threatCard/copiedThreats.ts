import type { Editor } from 'tldraw'
import { readCollection, ThreatSchema, type Threat } from '@threatboard/shared'
import type {} from '../boardShapeTypes.ts'
import { shapeModelOf } from '../common/shapeModel.ts'

const KEY = 'threatboard.copiedThreats'

/**
 * Keeps, in this browser, the threats of the cards being copied or cut: tldraw's clipboard holds
 * the cards but not the threats they show, which live in the room's model. A paste into another
 * room then brings a copy of each threat (keepOneCardPerThreat), not a "Threat deleted" card.
 */
export function rememberCopiedThreats(editor: Editor): void {
  const model = shapeModelOf(editor)
  if (!model) return
  const ids = new Set(
    [...editor.getShapeAndDescendantIds(editor.getSelectedShapeIds())]
      .map((id) => editor.getShape(id))
      .flatMap((s) => (s?.type === 'threat-card' ? [s.props.threatId] : [])),
  )
  if (ids.size === 0) return
  const threats = readCollection(model.doc, 'threats').filter((t) => ids.has(t.id))
  try {
    localStorage.setItem(KEY, JSON.stringify(threats))
  } catch {
    // No storage (private mode, full): a paste elsewhere shows the card as its threat's loss.
  }
}

/** A threat copied in this browser, by its id, when what was kept still reads as a threat. */
export function copiedThreat(id: string): Threat | undefined {
  try {
    const kept: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]')
    const found = Array.isArray(kept)
      ? kept.find((t: unknown) => (t as { id?: unknown } | null)?.id === id)
      : undefined
    const parsed = ThreatSchema.safeParse(found)
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/**
 * Remembers the copied cards' threats on every copy or cut: the keyboard's (the browser's copy
 * event, which tldraw answers) and the menus' (tldraw's copy and cut actions, see boardTools).
 * Returns the function that stops listening.
 */
export function rememberThreatsOnCopy(editor: Editor): () => void {
  const onCopy = () => {
    if (editor.getInstanceState().isFocused) rememberCopiedThreats(editor)
  }
  document.addEventListener('copy', onCopy, true)
  document.addEventListener('cut', onCopy, true)
  return () => {
    document.removeEventListener('copy', onCopy, true)
    document.removeEventListener('cut', onCopy, true)
  }
}
