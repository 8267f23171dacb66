import type { Editor, TLShape } from 'tldraw'

/**
 * The shapes of every page of the board, not only the page in view: one model may span several
 * pages (an imported file's diagrams), and the side panel speaks for all of it. Reactive when
 * read inside a computed value.
 */
export function everyShape(editor: Editor | null | undefined): TLShape[] {
  return editor?.store.query.records('shape').get() ?? []
}

/** The card of a threat, on whichever page it is. */
export function threatCardOf(editor: Editor, threatId: string): TLShape | undefined {
  return everyShape(editor).find((s) => s.type === 'threat-card' && s.props.threatId === threatId)
}
