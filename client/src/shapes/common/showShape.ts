import type { Editor, TLShape } from 'tldraw'
import { requestSidePanel } from '../../board/sidePanelRequests.ts'

/**
 * Brings a shape into view from the side panel: turns to its page, selects it and zooms to it,
 * as following a link to it would. A side panel that is a drawer over the canvas (a phone) gets
 * out of the way.
 */
export function showShape(editor: Editor, shape: TLShape): void {
  const page = editor.getAncestorPageId(shape)
  if (page && page !== editor.getCurrentPageId()) editor.setCurrentPage(page)
  editor.select(shape.id)
  editor.zoomToSelection({ animation: { duration: 200 } })
  requestSidePanel('uncover-board')
}
