import { useState, type ReactNode, type RefObject } from 'react'

/**
 * A Copy text button for a text shown in a read-only box, and a line saying what it did: copied
 * to the clipboard, or, where the page may not write it (plain HTTP on a LAN address, a denied
 * permission), selected in its box for Ctrl+C. `children` (another button) go between them.
 */
export function CopyText({
  text,
  box,
  children,
}: {
  text: string
  box: RefObject<HTMLTextAreaElement | null>
  children?: ReactNode
}) {
  const [copied, setCopied] = useState<string | null>(null)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
      setCopied('Copied.')
    } catch {
      box.current?.focus()
      box.current?.select()
      setCopied('Selected: press Ctrl+C (⌘C) to copy it.')
    }
  }
  return (
    <div className="tb-row">
      <button type="button" onClick={() => void copy()}>
        Copy text
      </button>
      {children}
      {copied && (
        <span className="tb-muted" role="status">
          {copied}
        </span>
      )}
    </div>
  )
}
