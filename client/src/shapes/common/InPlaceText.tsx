import { useEffect, useRef } from 'react'
import { useEditor, useValue, type TLShapeId } from 'tldraw'
import { useShapeModel } from './shapeModel.ts'

/**
 * The text of a shape, edited in place while tldraw is editing that shape (double-click, or
 * Enter on the selection). Enter or leaving the field commits; Escape keeps the old text; after
 * either key the board has the keyboard again.
 * Read-only roles never get the field.
 */
export function InPlaceText({
  shapeId,
  value,
  label,
  maxLength = 200,
  className,
  testId,
  onCommit,
}: {
  shapeId: TLShapeId
  value: string
  label: string
  maxLength?: number
  className: string
  testId: string
  onCommit: (next: string) => void
}) {
  const editor = useEditor()
  const canEdit = useShapeModel()?.canEdit ?? false
  const editing = useValue('editing shape', () => editor.getEditingShapeId() === shapeId, [
    editor,
    shapeId,
  ])
  if (!editing || !canEdit) {
    return (
      <span className={className} data-testid={testId}>
        {value}
      </span>
    )
  }
  return (
    <InPlaceInput
      shapeId={shapeId}
      value={value}
      label={label}
      maxLength={maxLength}
      className={className}
      testId={testId}
      onCommit={onCommit}
    />
  )
}

function InPlaceInput(props: {
  shapeId: TLShapeId
  value: string
  label: string
  maxLength: number
  className: string
  testId: string
  onCommit: (next: string) => void
}) {
  const editor = useEditor()
  const input = useRef<HTMLInputElement>(null)
  // Enter commits and ends editing, which unmounts the field and blurs it: commit once.
  const done = useRef(false)
  const commit = (next: string | null) => {
    if (done.current) return false
    done.current = true
    const text = next?.trim()
    if (text && text !== props.value) props.onCommit(text.slice(0, props.maxLength))
    return true
  }
  const finish = (next: string | null) => {
    if (commit(next)) editor.setEditingShape(null)
  }
  // tldraw ends the editing itself on a click elsewhere on the canvas: what was typed stays.
  const commitOnUnmount = useRef(commit)
  useEffect(() => {
    commitOnUnmount.current = commit
  })
  useEffect(() => {
    const field = input.current
    return () => {
      if (field) commitOnUnmount.current(field.value)
    }
  }, [])
  return (
    <input
      ref={input}
      className={`tb-inplace ${props.className}`}
      aria-label={props.label}
      data-testid={`${props.testId}-input`}
      defaultValue={props.value}
      maxLength={props.maxLength}
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onPointerDown={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        e.stopPropagation()
        if (e.key !== 'Enter' && e.key !== 'Escape') return
        finish(e.key === 'Enter' ? e.currentTarget.value : null)
        // The field goes with the editing: give the keyboard back to the board (it fell to the
        // page, where Enter, Delete, T or Ctrl+Z did nothing until the canvas was clicked).
        editor.getContainer().focus()
      }}
      onBlur={(e) => {
        // The end of the double-click that started the editing gives the canvas the focus
        // back: keep the field while tldraw is still editing this shape.
        const to = e.relatedTarget
        const field = to instanceof HTMLInputElement || to instanceof HTMLTextAreaElement
        if (!field && (!to || editor.getContainer().contains(to))) {
          requestAnimationFrame(() => {
            if (!done.current && editor.getEditingShapeId() === props.shapeId) {
              input.current?.focus()
            }
          })
          return
        }
        finish(e.currentTarget.value)
      }}
    />
  )
}
