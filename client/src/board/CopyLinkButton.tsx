import { useEffect, useState } from 'react'

/** Copies the room's address. Without a secure context there is no clipboard API: prompt then. */
export function CopyLinkButton({ url }: { url: string }) {
  const [copied, setCopied] = useState(false)

  useEffect(() => {
    if (!copied) return
    const timer = setTimeout(() => setCopied(false), 2000)
    return () => clearTimeout(timer)
  }, [copied])

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url)
      setCopied(true)
    } catch {
      window.prompt('Copy this link to share the board:', url)
    }
  }

  return (
    <button type="button" data-testid="copy-link" onClick={copy}>
      {copied ? 'Link copied' : 'Copy link'}
    </button>
  )
}
