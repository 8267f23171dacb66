import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
} from 'react'
import { holdDraft, holdUnsaved } from '../ui/unsavedWork.ts'
import { mergeDraft } from './mergeDraft.ts'

/** What an empty field shows to someone who may not write in it. */
const NOTHING_WRITTEN = 'Nothing written yet'

/** What is being typed, and the shared text it was started from. */
interface Draft {
  text: string
  base: string
}

/**
 * A labelled text box that saves when it loses focus. While someone types, their draft is kept
 * even if the shared value changes under them; when they are not typing, it shows the shared
 * value (so a teammate's edit appears). Keys typed in it never reach the canvas's shortcuts.
 *
 * Two people typing in the same field lose neither text: when the shared value changed during
 * the typing, the field says so, and on leaving it the typist's changes are applied to the new
 * text. Changes that no longer find their place are not saved over the other person's: the
 * field shows theirs and keeps the draft, and leaving it again saves the draft.
 *
 * `validate` returns a sentence when the text cannot be saved: the sentence is shown under the
 * field, the draft is kept for fixing, and nothing is written.
 *
 * A field that goes while someone types in it (a teammate deleted its threat, or a filter no longer
 * shows the row) saves the draft as leaving it would, when the draft still fits and is valid:
 * `onSave` is then called after the field has gone, and must write over what is stored now.
 *
 * `placeholder` is an example for whoever may write here; to someone who may only read, an empty
 * field says that nothing was written yet instead of showing an example as if it were the text.
 */
export function TextField({
  inputRef,
  ...props
}: {
  label: ReactNode
  value: string
  onSave: (text: string) => void
  validate?: (text: string) => string | null
  disabled?: boolean
  multiline?: boolean
  placeholder?: string
  maxLength?: number
  testId?: string
  /** The text box itself, for whoever must give it the keyboard. */
  inputRef?: RefObject<(HTMLInputElement & HTMLTextAreaElement) | null>
}) {
  const [held, setHeld] = useState<Draft | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  // Focused but nothing typed yet: the field follows the shared text as if not focused.
  const draft =
    held && held.text === held.base && held.base !== props.value
      ? { text: props.value, base: props.value }
      : held
  const errorId = useId()
  const noteId = useId()
  const changedUnder = draft !== null && draft.base !== props.value
  const shown = draft?.text ?? props.value
  const describedBy = [problem && errorId, changedUnder && noteId].filter(Boolean).join(' ')
  /** Saves the draft (on leaving the field, or Enter in a one-line one). */
  const commit = () => {
    if (draft === null) return
    const outcome = settle(draft, props.value, props.validate)
    switch (outcome.kind) {
      case 'conflict':
        // Theirs is now the text this draft replaces, if it is left again as it is.
        setHeld({ text: draft.text, base: props.value })
        setProblem(
          `Someone else changed this while you typed, and your changes no longer fit theirs. Theirs: “${quote(props.value)}”. Leave the field again to save yours in its place.`,
        )
        return
      case 'unchanged':
        setHeld(null)
        setProblem(null)
        return
      case 'invalid':
        setProblem(outcome.problem)
        setHeld({ text: outcome.text, base: props.value })
        return
      case 'save':
        setProblem(null)
        props.onSave(outcome.text)
        setHeld(null)
    }
  }
  // What the field holds at its last render, for saving it when it goes.
  const last = useRef({ draft, value: props.value, onSave: props.onSave, validate: props.validate })
  useLayoutEffect(() => {
    last.current = { draft, value: props.value, onSave: props.onSave, validate: props.validate }
  })
  /**
   * Saves a draft typed into a field that goes, or on a page that goes, as leaving the field
   * would; says whether text is left that could not be saved.
   */
  const saveOnGoing = useCallback(() => {
    const { draft, value, onSave, validate } = last.current
    if (draft === null || draft.text === draft.base) return false
    const outcome = settle(draft, value, validate)
    if (outcome.kind === 'save') {
      onSave(outcome.text)
      last.current = { ...last.current, draft: null }
    }
    return outcome.kind === 'invalid' || outcome.kind === 'conflict'
  }, [])
  useEffect(() => () => void saveOnGoing(), [saveOnGoing])
  // The page going (a reload, the tab closed): what cannot be saved is named, and the page asks
  // before it is lost.
  const typing = held !== null
  const labelRef = useRef<HTMLLabelElement>(null)
  useEffect(() => {
    if (!typing) return
    const stopAsking = holdUnsaved(() => {
      if (saveOnGoing()) return 'text in a field that could not be saved'
      if (last.current.draft === null) setHeld(null)
      return null
    })
    // The room closed to this browser: what was typed here is shown for copying.
    const stopKeeping = holdDraft(() => {
      const { draft } = last.current
      if (draft === null || draft.text === draft.base) return null
      return { what: `what you typed in “${labelText(labelRef.current)}”`, text: draft.text }
    })
    return () => {
      stopAsking()
      stopKeeping()
    }
  }, [typing, saveOnGoing])
  const common = {
    value: shown,
    disabled: props.disabled,
    placeholder: props.disabled ? NOTHING_WRITTEN : props.placeholder,
    maxLength: props.maxLength,
    'data-testid': props.testId,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': describedBy || undefined,
    onFocus: () => setHeld((d) => d ?? { text: props.value, base: props.value }),
    onKeyDown: (e: { key: string; stopPropagation(): void; preventDefault(): void }) => {
      e.stopPropagation()
      // Enter saves a one-line field and leaves it the keyboard (blurring it dropped the focus
      // to the page, where the next Tab started from the top).
      if (!props.multiline && e.key === 'Enter') {
        e.preventDefault()
        commit()
      }
    },
    onChange: (e: { target: { value: string } }) =>
      setHeld({ text: e.target.value, base: draft?.base ?? props.value }),
    onBlur: () => commit(),
  }
  return (
    <div className="tb-field-wrap">
      <label className="tb-field" ref={labelRef}>
        {props.label}
        {props.multiline ? (
          <textarea ref={inputRef} {...common} />
        ) : (
          <input ref={inputRef} {...common} />
        )}
      </label>
      {changedUnder && !problem && (
        <p
          className="tb-field-note"
          id={noteId}
          role="status"
          data-testid={props.testId ? `${props.testId}-changed` : undefined}
        >
          Someone else changed this while you typed: yours is added to theirs when you leave the
          field.
        </p>
      )}
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

/** A field's label in words, without the text box inside it. */
function labelText(label: HTMLLabelElement | null): string {
  if (!label) return 'a field'
  const words = [...label.childNodes]
    .filter((n) => !(n instanceof HTMLInputElement || n instanceof HTMLTextAreaElement))
    .map((n) => n.textContent ?? '')
    .join(' ')
  return words.replace(/\s+/g, ' ').trim() || 'a field'
}

/**
 * What leaving a field would do with its draft, the shared text now being `value`: save the
 * merged text, nothing (it is the shared text), hold it for fixing (`validate` refused it), or
 * ask again (the changes no longer fit the other person's).
 */
function settle(
  draft: Draft,
  value: string,
  validate: ((text: string) => string | null) | undefined,
):
  | { kind: 'save'; text: string }
  | { kind: 'unchanged' }
  | { kind: 'invalid'; text: string; problem: string }
  | { kind: 'conflict' } {
  const { merged } = mergeDraft(draft.base, draft.text, value)
  if (merged === null) return { kind: 'conflict' }
  if (merged === value) return { kind: 'unchanged' }
  const problem = validate?.(merged) ?? null
  return problem ? { kind: 'invalid', text: merged, problem } : { kind: 'save', text: merged }
}

/** A long text cut for quoting in a sentence. */
function quote(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}
