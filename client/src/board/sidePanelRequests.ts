/**
 * What the rest of the board may ask of the side panel, which owns whether it is open: to open
 * (a jump to one of its sections, from a hint's marker or Alt+1…8, when it is folded away or a
 * closed drawer) and to uncover the board (a jump to a shape, which a drawer over the canvas
 * would hide).
 */
export type SidePanelRequest = 'open' | 'uncover-board'

const requests = new EventTarget()

export function requestSidePanel(request: SidePanelRequest): void {
  requests.dispatchEvent(new Event(request))
}

export function onSidePanelRequest(request: SidePanelRequest, handle: () => void): () => void {
  requests.addEventListener(request, handle)
  return () => requests.removeEventListener(request, handle)
}
