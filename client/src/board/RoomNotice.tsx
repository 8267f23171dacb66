import type { ReactNode } from 'react'

interface RoomNoticeProps {
  testId: string
  title: string
  children?: ReactNode
}

/** A message shown where the board would be. */
export function RoomNotice({ testId, title, children }: RoomNoticeProps) {
  return (
    <section className="tb-centered" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  )
}
