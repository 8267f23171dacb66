import { useId, useState, type ReactNode } from 'react'

/**
 * A labelled text box that saves when it loses focus. While someone types, their draft is kept
 * even if the shared value changes under them; when they are not typing, it shows the shared
 * value (so a teammate's edit appears). Keys typed in it never reach the canvas's shortcuts.
 *
 * `validate` returns a sentence when the text cannot be saved: the sentence is shown under the
 * field, the draft is kept for fixing, and nothing is written.
 */
export function TextField(props: {
  label: ReactNode
  value: string
  onSave: (text: string) => void
  validate?: (text: string) => string | null
  disabled?: boolean
  multiline?: boolean
  placeholder?: string
  maxLength?: number
  testId?: string
}) {
  const [draft, setDraft] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const errorId = useId()
  const shown = draft ?? props.value
  const common = {
    value: shown,
    disabled: props.disabled,
    placeholder: props.placeholder,
    maxLength: props.maxLength,
    'data-testid': props.testId,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': problem ? errorId : undefined,
    onFocus: () => setDraft((d) => d ?? props.value),
    onKeyDown: (e: { key: string; stopPropagation(): void; currentTarget: HTMLElement }) => {
      e.stopPropagation()
      if (!props.multiline && e.key === 'Enter') e.currentTarget.blur()
    },
    onChange: (e: { target: { value: string } }) => setDraft(e.target.value),
    onBlur: () => {
      if (draft === null || draft === props.value) {
        setDraft(null)
        setProblem(null)
        return
      }
      const error = props.validate?.(draft) ?? null
      setProblem(error)
      if (error) return
      props.onSave(draft)
      setDraft(null)
    },
  }
  return (
    <div className="tb-field-wrap">
      <label className="tb-field">
        {props.label}
        {props.multiline ? <textarea {...common} /> : <input {...common} />}
      </label>
      {problem && (
        <p
          className="tb-field-error"
          id={errorId}
          role="alert"
          data-testid={props.testId ? `${props.testId}-error` : undefined}
        >
          {problem}
        </p>
      )}
    </div>
  )
}
