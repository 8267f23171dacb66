import { useEffect, useRef, useState, type FormEvent } from 'react'

/** Why the token form is shown again: the token just entered, or the one this browser kept, was refused. */
export type TokenRefused = 'typed' | 'saved'

const REFUSED: Record<TokenRefused, string> = {
  typed: 'The server refused that token: it is not this server’s ADMIN_TOKEN.',
  saved:
    'The server refused the admin token this browser had kept (its ADMIN_TOKEN has changed): enter the current one.',
}

/** Shown when the server was started with ADMIN_TOKEN and this browser does not have it. */
export function AdminTokenForm({
  onSave,
  checking,
  refused,
}: {
  onSave: (token: string) => void
  /** The server is being asked about a token just entered. */
  checking: boolean
  refused: TokenRefused | null
}) {
  const [token, setToken] = useState('')
  const [empty, setEmpty] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  // A refused token leaves the keyboard in the field, to correct it (also after a click on the button).
  useEffect(() => {
    if (refused) input.current?.focus()
  }, [refused])
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setEmpty(!token.trim())
    if (token.trim()) onSave(token.trim())
    else input.current?.focus()
  }
  const error = empty ? 'Enter the token first.' : refused && !checking ? REFUSED[refused] : null
  return (
    <form className="tb-create" onSubmit={submit} data-testid="admin-token-form">
      <label htmlFor="admin-token">Admin token</label>
      <p className="tb-muted">
        This server only lists and creates rooms for its administrator. Enter the server’s{' '}
        <code>ADMIN_TOKEN</code>, or open a room through an invite link.
      </p>
      <div className="tb-create__row">
        <input
          ref={input}
          id="admin-token"
          type="password"
          autoComplete="off"
          data-testid="admin-token-input"
          value={token}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'admin-token-error' : undefined}
          onChange={(e) => setToken(e.target.value)}
        />
        <button type="submit" data-testid="admin-token-use" disabled={checking}>
          {checking ? 'Checking…' : 'Use token'}
        </button>
      </div>
      {error && (
        <p id="admin-token-error" className="tb-error" role="alert" data-testid="admin-token-error">
          {error}
        </p>
      )}
    </form>
  )
}
