import type { KeyboardEvent } from 'react'

/**
 * Keeps plain keys pressed on the board page outside the canvas (the header, the side panel and
 * its toggle) from tldraw's shortcuts: tldraw listens on the page's body and only spares text
 * fields, so `h` on a focused severity select switched the canvas to the hand tool, and Delete
 * on a focused button or list heading (where the keyboard goes when a list's last row is
 * deleted, or by Alt+1…8) deleted what was selected on the board. Keys with a modifier still pass
 * (Alt+1…8, undo), and so does Escape, which closes the panel's drawer on a narrow screen. Keys
 * pressed on the canvas and in tldraw's own menus and dialogs (all inside its container) are
 * tldraw's.
 */
export function keepKeysFromCanvas(event: KeyboardEvent) {
  if (event.ctrlKey || event.metaKey || event.altKey || event.key === 'Escape') return
  const target = event.target as HTMLElement
  if (target.closest('.tl-container')) return
  event.stopPropagation()
}
