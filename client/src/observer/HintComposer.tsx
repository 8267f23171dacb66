import { useState, type FormEvent } from 'react'
import type { Hint } from '@threatboard/shared'

/** The observer's current selection as a hint target, named as the hint will name it. */
export interface SelectionTarget {
  target: Hint['target']
  name: string
}

/**
 * The observer's hint form. "Selected: …" follows the observer's live selection on the board
 * and names it; the target is read when the hint is sent, so a hint always lands on what is
 * selected then. After a hint is sent the form is cleared, "Stage it" included.
 */
export function HintComposer(props: {
  threats: { id: string; title: string }[]
  selection: SelectionTarget | null
  onPost: (text: string, target: Hint['target'], hidden: boolean) => Promise<boolean>
}) {
  const [text, setText] = useState('')
  const [choice, setChoice] = useState('board')
  const [hidden, setHidden] = useState(false)
  // "Selected" with nothing selected falls back to the board rather than to a stale shape.
  const effective = choice === 'selection' && !props.selection ? 'board' : choice
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const target: Hint['target'] =
      effective === 'selection' && props.selection
        ? props.selection.target
        : effective.startsWith('threat:')
          ? { kind: 'threat', id: effective.slice('threat:'.length) }
          : { kind: 'board' }
    if (await props.onPost(text, target, hidden)) {
      setText('')
      setHidden(false)
    }
  }
  return (
    <form className="tb-hint-form" onSubmit={submit} data-testid="hint-form">
      <label htmlFor="hint-text">New hint</label>
      <textarea
        id="hint-text"
        data-testid="hint-text"
        value={text}
        maxLength={2000}
        placeholder="Have you looked at who can call this endpoint?"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.stopPropagation()}
      />
      <label htmlFor="hint-target">On</label>
      <select
        id="hint-target"
        data-testid="hint-target"
        value={effective}
        onChange={(e) => setChoice(e.target.value)}
      >
        <option value="board">The whole board</option>
        {props.selection && (
          <option value="selection" data-testid="hint-target-selection">
            Selected: {props.selection.name}
          </option>
        )}
        {props.threats.map((t) => (
          <option key={t.id} value={`threat:${t.id}`}>
            Threat: {t.title}
          </option>
        ))}
      </select>
      {!props.selection && (
        <p className="tb-muted" data-testid="hint-selection-help">
          Select an element, flow or card on the board to put a hint on it.
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
      <button type="submit" data-testid="hint-post" disabled={!text.trim()}>
        {hidden ? 'Stage hint' : 'Post hint'}
      </button>
    </form>
  )
}
