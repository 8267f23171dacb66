import { atom } from 'tldraw'

const KEY = 'threatboard.coverageOverlay'

function load(): boolean {
  try {
    return localStorage.getItem(KEY) === '1'
  } catch {
    return false
  }
}

/**
 * Whether this browser shows the coverage overlay. Each person chooses for themself (it is a way
 * of looking at the board, not part of it), so it is kept in this browser, not in the room.
 */
export const coverageOverlayOn = atom('coverage overlay', load())

/** The overlay's shortcut: free in tldraw (which has Cmd+Shift+C but not Shift+C). */
export const COVERAGE_OVERLAY_KBD = 'shift+c'

export function toggleCoverageOverlay() {
  const on = !coverageOverlayOn.get()
  coverageOverlayOn.set(on)
  try {
    localStorage.setItem(KEY, on ? '1' : '0')
  } catch {
    // Private mode: the choice lasts this visit only.
  }
}
