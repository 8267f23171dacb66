import type { ReactNode } from 'react'
import { Link } from '../routing/Link.tsx'

interface BoardHeaderProps {
  title: string | null
  /** Connection indicator, people list, sharing. */
  children?: ReactNode
}

export function BoardHeader({ title, children }: BoardHeaderProps) {
  return (
    <header className="tb-board-header">
      <Link href="/" className="tb-back" data-testid="back-to-lobby">
        ← Rooms
      </Link>
      <h1 className="tb-board-title" data-testid="room-title">
        {title ?? '…'}
      </h1>
      <div className="tb-board-header__end">{children}</div>
    </header>
  )
}
