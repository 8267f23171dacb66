import './boardChrome.css'
import type { ReactNode } from 'react'
import { Link } from '../routing/Link.tsx'

interface BoardHeaderProps {
  title: string | null
  /** Connection indicator, people list, sharing. */
  children?: ReactNode
}

/** Moves keyboard focus to the canvas, where tldraw's shortcuts and the `t` shortcut work. */
function focusBoard() {
  const canvas = document.querySelector<HTMLElement>('.tl-container')
  canvas?.focus()
}

/** Moves keyboard focus to the side panel's first section. */
function focusPanel() {
  const heading = document.getElementById('tb-section-session')
  heading?.scrollIntoView({ block: 'start' })
  heading?.focus({ preventScroll: true })
}

/**
 * The bar above the board. Its first stops for the keyboard are the skip links (shown when
 * focused), so Tab from the top reaches the board or the side panel without walking the header.
 */
export function BoardHeader({ title, children }: BoardHeaderProps) {
  return (
    <header className="tb-board-header">
      <nav className="tb-skip-links" aria-label="Skip links">
        <a
          href="#board"
          className="tb-skip"
          data-testid="skip-to-board"
          onClick={(e) => {
            e.preventDefault()
            focusBoard()
          }}
        >
          Skip to the board
        </a>
        <a
          href="#panel"
          className="tb-skip"
          data-testid="skip-to-panel"
          onClick={(e) => {
            e.preventDefault()
            focusPanel()
          }}
        >
          Skip to the threat model panel
        </a>
      </nav>
      <Link href="/" className="tb-back" data-testid="back-to-lobby">
        ←<span className="tb-narrow-hide"> Rooms</span>
      </Link>
      <h1 className="tb-board-title" data-testid="room-title">
        {title ?? '…'}
      </h1>
      <div className="tb-board-header__end">{children}</div>
    </header>
  )
}
