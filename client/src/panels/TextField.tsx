import { useState, type ReactNode } from 'react'

/**
 * A labelled text box that saves when it loses focus. While someone types, their draft is kept
 * even if the shared value changes under them; when they are not typing, it shows the shared
 * value (so a teammate's edit appears). Keys typed in it never reach the canvas's shortcuts.
 */
export function TextField(props: {
  label: ReactNode
  value: string
  onSave: (text: string) => void
  disabled?: boolean
  multiline?: boolean
  placeholder?: string
  maxLength?: number
  testId?: string
}) {
  const [draft, setDraft] = useState<string | null>(null)
  const shown = draft ?? props.value
  const common = {
    value: shown,
    disabled: props.disabled,
    placeholder: props.placeholder,
    maxLength: props.maxLength,
    'data-testid': props.testId,
    onFocus: () => setDraft(props.value),
    onKeyDown: (e: { key: string; stopPropagation(): void; currentTarget: HTMLElement }) => {
      e.stopPropagation()
      if (!props.multiline && e.key === 'Enter') e.currentTarget.blur()
    },
    onChange: (e: { target: { value: string } }) => setDraft(e.target.value),
    onBlur: () => {
      if (draft !== null && draft !== props.value) props.onSave(draft)
      setDraft(null)
    },
  }
  return (
    <label className="tb-field">
      {props.label}
      {props.multiline ? <textarea {...common} /> : <input {...common} />}
    </label>
  )
}
