import { Link } from '../routing/Link.tsx'
import { useDocumentTitle } from '../ui/useDocumentTitle.ts'

/** The room cannot be opened without a (valid) invite link. */
export function NeedInvite({ reason }: { reason: string | null }) {
  useDocumentTitle('Invite link needed')
  return (
    <main className="tb-centered" data-testid="need-invite">
      <h1>You need an invite link</h1>
      {reason && <p>{reason}</p>}
      <p>Rooms open through the invite links their owner shares. Ask the owner for one.</p>
      <Link href="/">Back to the rooms</Link>
    </main>
  )
}
