import { Link } from './routing/Link.tsx'
import { useDocumentTitle } from './ui/useDocumentTitle.ts'

export function NotFound({ message }: { message: string }) {
  useDocumentTitle('Not found')
  return (
    <main className="tb-centered" data-testid="not-found">
      <h1>Not found</h1>
      <p>{message}</p>
      <Link href="/">Back to the rooms</Link>
    </main>
  )
}
