import type { ReactNode } from 'react'
import { Link } from '../routing/Link.tsx'
import { CopyLinkButton } from './CopyLinkButton.tsx'

interface BoardHeaderProps {
  title: string | null
  shareUrl: string
  /** Connection indicator and people list, once connected. */
  children?: ReactNode
}

export function BoardHeader({ title, shareUrl, children }: BoardHeaderProps) {
  return (
    <header className="tb-board-header">
      <Link href="/" className="tb-back" data-testid="back-to-lobby">
        ← Rooms
      </Link>
      <h1 className="tb-board-title" data-testid="room-title">
        {title ?? '…'}
      </h1>
      <div className="tb-board-header__end">
        {children}
        <CopyLinkButton url={shareUrl} />
      </div>
    </header>
  )
}
