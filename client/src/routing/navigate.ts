import { useSyncExternalStore } from 'react'

/**
 * Client-side routing on the History API. Two pages do not justify a router library: the path is
 * the only state, `navigate` changes it and `usePathname` re-renders on every change.
 */
const NAVIGATE_EVENT = 'threatboard:navigate'

export function navigate(path: string, { replace = false } = {}): void {
  if (path === location.pathname) return
  if (replace) history.replaceState(null, '', path)
  else history.pushState(null, '', path)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange)
  window.addEventListener(NAVIGATE_EVENT, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(NAVIGATE_EVENT, onChange)
  }
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => location.pathname)
}

/**
 * Asked before a link of the page's own leaves it (the board sets one: what is not saved is
 * lost when it goes). Calls `go` when leaving may go ahead.
 */
type LeaveGuard = (go: () => void) => void
let leaveGuard: LeaveGuard | null = null

/** Sets the guard until the returned function is called. */
export function guardLeaving(guard: LeaveGuard): () => void {
  leaveGuard = guard
  return () => {
    if (leaveGuard === guard) leaveGuard = null
  }
}

/** `navigate`, once the page's guard, if any, lets it. */
export function leaveTo(path: string): void {
  if (path === location.pathname) return
  if (leaveGuard) leaveGuard(() => navigate(path))
  else navigate(path)
}
