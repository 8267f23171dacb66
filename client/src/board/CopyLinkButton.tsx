import { useEffect, useState } from 'react'

interface CopyLinkButtonProps {
  url: string
  label?: string
  testId?: string
}

/** Copies a link. Without a secure context there is no clipboard API: prompt with it then. */
export function CopyLinkButton({
  url,
  label = 'Copy link',
  testId = 'copy-link',
}: CopyLinkButtonProps) {
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
      window.prompt('Copy this link:', url)
    }
  }

  return (
    <button type="button" data-testid={testId} data-url={url} onClick={copy}>
      {copied ? 'Copied' : label}
    </button>
  )
}
