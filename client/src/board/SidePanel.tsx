import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react'
import { flushSync } from 'react-dom'
import { onSidePanelRequest } from './sidePanelRequests.ts'

/** Below this width the side panel is a drawer over the canvas, closed until asked for. */
const NARROW = '(max-width: 720px)'

function subscribeNarrow(onChange: () => void) {
  const query = window.matchMedia(NARROW)
  query.addEventListener('change', onChange)
  return () => query.removeEventListener('change', onChange)
}
const isNarrow = () => window.matchMedia(NARROW).matches

const storageKey = (narrow: boolean) => `threatboard.sidePanel.${narrow ? 'drawer' : 'column'}`

function loadOpen(narrow: boolean): boolean {
  try {
    const saved = localStorage.getItem(storageKey(narrow))
    return saved === null ? !narrow : saved === 'open'
  } catch {
    return !narrow
  }
}

function saveOpen(narrow: boolean, open: boolean) {
  try {
    localStorage.setItem(storageKey(narrow), open ? 'open' : 'closed')
  } catch {
    // Private mode: the choice lasts this visit only.
  }
}

/**
 * The board's side panel (threat model, report, review, hints) beside the canvas, with a strip
 * that folds it away so the canvas takes the width. On a narrow screen it is a drawer over the
 * canvas instead, closed at first; Escape closes it, and so does following a link to a shape on
 * the board. Open or closed is remembered per layout.
 */
export function SidePanel({ children }: { children: ReactNode }) {
  const narrow = useSyncExternalStore(subscribeNarrow, isNarrow)
  const [open, setOpen] = useState(() => ({ column: loadOpen(false), drawer: loadOpen(true) }))
  const isOpen = narrow ? open.drawer : open.column
  const toggle = useRef<HTMLButtonElement>(null)
  const setIsOpen = (next: boolean) => {
    saveOpen(narrow, next)
    setOpen((o) => (narrow ? { ...o, drawer: next } : { ...o, column: next }))
  }
  useEffect(() => {
    const stops = [
      // Opened at once, so that whoever asked can scroll to a section in it straight away.
      onSidePanelRequest('open', () => isOpen || flushSync(() => setIsOpen(true))),
      onSidePanelRequest('uncover-board', () => narrow && isOpen && setIsOpen(false)),
    ]
    return () => stops.forEach((stop) => stop())
  })
  // A drawer closed from inside gives the focus back to its toggle.
  const wasOpen = useRef(isOpen)
  useEffect(() => {
    if (wasOpen.current && !isOpen && narrow && toggle.current?.isConnected) {
      const active = document.activeElement
      if (!active || active === document.body) toggle.current.focus()
    }
    wasOpen.current = isOpen
  }, [isOpen, narrow])
  return (
    <div
      className={`tb-side${isOpen ? ' tb-side--open' : ''}${narrow ? ' tb-side--drawer' : ''}`}
      data-testid="side-panel"
      onKeyDown={(e) => {
        if (narrow && isOpen && e.key === 'Escape') {
          setIsOpen(false)
          toggle.current?.focus()
        }
      }}
    >
      <button
        ref={toggle}
        type="button"
        className="tb-side__toggle"
        data-testid="side-panel-toggle"
        aria-expanded={isOpen}
        aria-controls="tb-side-body"
        title={isOpen ? 'Hide the threat model panel' : 'Show the threat model panel'}
        onClick={() => setIsOpen(!isOpen)}
      >
        <span aria-hidden="true">{isOpen ? '▸' : '◂'}</span>
        <span className="tb-side__label">{isOpen ? 'Hide panel' : 'Threat model'}</span>
      </button>
      <div id="tb-side-body" className="tb-side__body" hidden={!isOpen}>
        {children}
      </div>
    </div>
  )
}
