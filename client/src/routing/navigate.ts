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
 * Asked before a link of the page's own, or the browser's Back or Forward, leaves it (the board
 * sets one: what is not saved is lost when it goes). Calls `go` when leaving may go ahead.
 */
type LeaveGuard = (go: () => void) => void
let leaveGuard: LeaveGuard | null = null

/** Where the guard was set: the page the browser's Back or Forward is brought back to. */
let guardedPath = ''

/**
 * The browser's Back or Forward out of a guarded page: when the guard asks (it has not let the
 * page go at once), the page stays (the history gets it back) until the guard lets it go. Runs
 * before `usePathname` hears of the change: listening from when this module loads, before any
 * page subscribes, it is the window's first listener (React re-renders within the later one,
 * unmounting the page that set the guard).
 */
function onPopState(event: PopStateEvent) {
  const guard = leaveGuard
  if (!guard) return
  const to = location.pathname + location.search + location.hash
  let asking = false
  let goneAtOnce = false
  guard(() => {
    if (asking) navigate(to)
    else goneAtOnce = true
  })
  if (goneAtOnce) return
  asking = true
  event.stopImmediatePropagation()
  history.pushState(null, '', guardedPath)
}

if (typeof window !== 'undefined') window.addEventListener('popstate', onPopState)

/** Sets the guard until the returned function is called. */
export function guardLeaving(guard: LeaveGuard): () => void {
  leaveGuard = guard
  guardedPath = location.pathname + location.search
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
