import { useRef, useState, type FormEvent } from 'react'
import type { Hint } from '@threatboard/shared'
import { useSendOnce, useUnsavedWork } from '../ui/unsavedWork.ts'

/** The observer's current selection as a hint target, named as the hint will name it. */
export interface SelectionTarget {
  target: Hint['target']
  name: string
}

/**
 * The observer's hint form. "Selected: …" follows the observer's live selection on the board
 * and names it, and is the target unless the observer picks another (a pick holds until the
 * selection changes): someone who selects the database and writes a hint means the database.
 * The target is read when the hint is sent, so a hint always lands on what is selected then.
 * After a hint is sent the form is cleared, "Stage it" and the pick included.
 */
export function HintComposer(props: {
  threats: { id: string; title: string }[]
  /** Elements, flows and trust boundaries by their names, as hints name them. */
  elements: { id: string; name: string }[]
  selection: SelectionTarget | null
  onPost: (text: string, target: Hint['target'], hidden: boolean) => Promise<boolean>
}) {
  const [text, setText] = useState('')
  useUnsavedWork('the hint you were writing', text)
  const field = useRef<HTMLTextAreaElement>(null)
  const { sending: posting, typed, send } = useSendOnce()
  const [picked, setPicked] = useState<{
    value: string
    selection: string | undefined
    /** What it is, in words ("the threat “Replay”"), for saying so when a teammate deletes it. */
    name: string
  }>()
  const [hidden, setHidden] = useState(false)
  const selection = props.selection ? JSON.stringify(props.selection.target) : undefined
  const choice =
    picked && picked.selection === selection
      ? picked.value
      : props.selection
        ? 'selection'
        : 'board'
  // "Selected" with nothing selected falls back to the board rather than to a stale shape, and
  // a threat deleted since it was picked to the board too.
  const offered =
    choice === 'board' ||
    (choice === 'selection' && props.selection !== null) ||
    props.threats.some((t) => choice === `threat:${t.id}`) ||
    props.elements.some((el) => choice === `element:${el.id}`)
  const effective = offered ? choice : 'board'
  // Picked by name, then deleted by the team while the hint was being written: said, rather
  // than the hint moving to the whole board without a word.
  const gone = !offered && picked?.value === choice ? picked.name : null
  const nameOf = (value: string) => {
    const threat = props.threats.find((t) => value === `threat:${t.id}`)
    if (threat) return `the threat “${threat.title}”`
    const element = props.elements.find((el) => value === `element:${el.id}`)
    return element ? `“${element.name}”` : value
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const target: Hint['target'] =
      effective === 'selection' && props.selection
        ? props.selection.target
        : effective.startsWith('threat:')
          ? { kind: 'threat', id: effective.slice('threat:'.length) }
          : effective.startsWith('element:')
            ? { kind: 'element', id: effective.slice('element:'.length) }
            : { kind: 'board' }
    if (await send(text, () => props.onPost(text, target, hidden))) {
      setText('')
      setHidden(false)
      setPicked(undefined)
      // The button, disabled with the text emptied, would drop the keyboard to the page.
      field.current?.focus()
    }
  }
  return (
    <form className="tb-hint-form" onSubmit={submit} data-testid="hint-form">
      <label htmlFor="hint-text">New hint</label>
      <textarea
        ref={field}
        id="hint-text"
        data-testid="hint-text"
        value={text}
        maxLength={2000}
        placeholder="Have you looked at who can call this endpoint?"
        onChange={(e) => {
          typed(e.target.value)
          setText(e.target.value)
        }}
        onKeyDown={(e) => e.stopPropagation()}
      />
      <label htmlFor="hint-target">On</label>
      <select
        id="hint-target"
        data-testid="hint-target"
        value={effective}
        aria-describedby={gone ? 'hint-target-gone' : undefined}
        onChange={(e) =>
          setPicked({ value: e.target.value, selection, name: nameOf(e.target.value) })
        }
      >
        <option value="board">The whole board</option>
        {props.selection && (
          <option value="selection" data-testid="hint-target-selection">
            Selected: {props.selection.name}
          </option>
        )}
        {props.elements.length > 0 && (
          <optgroup label="Elements, flows and boundaries">
            {props.elements.map((el) => (
              <option key={el.id} value={`element:${el.id}`}>
                {el.name}
              </option>
            ))}
          </optgroup>
        )}
        {props.threats.length > 0 && (
          <optgroup label="Threats">
            {props.threats.map((t) => (
              <option key={t.id} value={`threat:${t.id}`}>
                Threat: {t.title}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      {gone && (
        <p
          className="tb-field-note"
          id="hint-target-gone"
          role="status"
          data-testid="hint-target-gone"
        >
          {gone[0]!.toUpperCase() + gone.slice(1)} was deleted while you wrote: this hint is now on
          the whole board. Pick another target if it is about something else.
        </p>
      )}
      {!props.selection && (
        <p className="tb-muted" data-testid="hint-selection-help">
          Pick what the hint is about here, or select it on the board.
        </p>
      )}
      <label className="tb-check">
        <input
          type="checkbox"
          data-testid="hint-hidden"
          checked={hidden}
          onChange={(e) => setHidden(e.target.checked)}
        />
        Stage it: hidden from the team until I reveal it
      </label>
      <button type="submit" data-testid="hint-post" disabled={!text.trim()} aria-busy={posting}>
        {posting ? 'Posting…' : hidden ? 'Stage hint' : 'Post hint'}
      </button>
    </form>
  )
}
