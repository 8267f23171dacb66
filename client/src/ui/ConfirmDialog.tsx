import { useCallback, useId, useRef, useState, type ReactNode } from 'react'

export interface ConfirmRequest {
  /** The question, as the dialog's heading: "Delete “Billing”?" */
  title: string
  /** What follows from saying yes. */
  body?: string
  /** The button that goes ahead, named for what it does: "Delete for everyone". */
  confirm: string
}

/**
 * Asks before something that cannot be taken back (deleting a room or an asset, revoking a
 * link), in a modal dialog of the page's own rather than `window.confirm`, which stops the page
 * (and its live connection) while it waits and cannot be styled or read like the rest. The
 * returned element must be rendered; `ask` resolves true only when the person goes ahead.
 * Escape and Cancel say no, and the focus starts on Cancel. The dialog is in the page only while
 * it asks (a list of 500 threats, each able to ask, holds none), under its own title's id.
 */
export function useConfirm(): [(request: ConfirmRequest) => Promise<boolean>, ReactNode] {
  const dialog = useRef<HTMLDialogElement>(null)
  const [request, setRequest] = useState<ConfirmRequest | null>(null)
  const answer = useRef<((yes: boolean) => void) | null>(null)

  const titleId = useId()
  const ask = useCallback((next: ConfirmRequest) => {
    answer.current?.(false)
    setRequest(next)
    return new Promise<boolean>((resolve) => {
      answer.current = resolve
      // After React has put the question in the dialog.
      requestAnimationFrame(() => {
        const el = dialog.current
        if (!el) return resolve(false)
        el.returnValue = ''
        if (!el.open) el.showModal()
        el.querySelector<HTMLButtonElement>('[data-testid="confirm-cancel"]')?.focus()
      })
    })
  }, [])

  const element = request && (
    <dialog
      ref={dialog}
      className="tb-confirm"
      aria-labelledby={titleId}
      data-testid="confirm-dialog"
      onClose={() => {
        answer.current?.(dialog.current?.returnValue === 'yes')
        answer.current = null
        setRequest(null)
      }}
    >
      <form method="dialog">
        <h2 id={titleId}>{request.title}</h2>
        {request.body && <p>{request.body}</p>}
        <div className="tb-confirm__buttons">
          <button type="submit" value="yes" className="tb-confirm__ok" data-testid="confirm-ok">
            {request.confirm}
          </button>
          <button
            type="button"
            data-testid="confirm-cancel"
            onClick={() => dialog.current?.close('')}
          >
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  )
  return [ask, element]
}
