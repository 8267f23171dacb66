import type { Editor, TLShape } from 'tldraw'

/**
 * Brings a shape into view from the side panel: turns to its page, selects it and zooms to it,
 * as following a link to it would.
 */
export function showShape(editor: Editor, shape: TLShape): void {
  const page = editor.getAncestorPageId(shape)
  if (page && page !== editor.getCurrentPageId()) editor.setCurrentPage(page)
  editor.select(shape.id)
  editor.zoomToSelection({ animation: { duration: 200 } })
}
