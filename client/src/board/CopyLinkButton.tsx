import { useEffect, useState } from 'react'

interface CopyLinkButtonProps {
  url: string
  /** Whose link it is ("editor"): the button says "Copy editor link", so nobody guesses. */
  role: string
  testId?: string
}

/** Copies a link. Without a secure context there is no clipboard API: prompt with it then. */
export function CopyLinkButton({ url, role, testId = 'copy-link' }: CopyLinkButtonProps) {
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
      window.prompt(`Copy this ${role} link:`, url)
    }
  }

  return (
    <button
      type="button"
      data-testid={testId}
      data-url={url}
      title={`Anyone with this link joins as ${role}`}
      onClick={copy}
    >
      <span aria-live="polite">
        {copied ? 'Copied' : 'Copy'}
        <span className="tb-narrow-hide"> {role}</span> link
      </span>
    </button>
  )
}
