import { useState, type FormEvent } from 'react'

/** Shown when the server was started with ADMIN_TOKEN and this browser does not have it. */
export function AdminTokenForm({ onSave }: { onSave: (token: string) => void }) {
  const [token, setToken] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (token.trim()) onSave(token.trim())
  }
  return (
    <form className="tb-create" onSubmit={submit} data-testid="admin-token-form">
      <label htmlFor="admin-token">Admin token</label>
      <p className="tb-muted">
        This server only lists and creates rooms for its administrator. Enter the server’s{' '}
        <code>ADMIN_TOKEN</code>, or open a room through an invite link.
      </p>
      <div className="tb-create__row">
        <input
          id="admin-token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
        <button type="submit">Use token</button>
      </div>
    </form>
  )
}
