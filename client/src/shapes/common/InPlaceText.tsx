import { useRef } from 'react'
import { useEditor, useValue, type TLShapeId } from 'tldraw'
import { useShapeModel } from './shapeModel.ts'

/**
 * The text of a shape, edited in place while tldraw is editing that shape (double-click, or
 * Enter on the selection). Enter or leaving the field commits; Escape keeps the old text.
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
  value: string
  label: string
  maxLength: number
  className: string
  testId: string
  onCommit: (next: string) => void
}) {
  const editor = useEditor()
  // Enter commits and ends editing, which unmounts the field and blurs it: commit once.
  const done = useRef(false)
  const finish = (next: string | null) => {
    if (done.current) return
    done.current = true
    const text = next?.trim()
    if (text && text !== props.value) props.onCommit(text.slice(0, props.maxLength))
    editor.setEditingShape(null)
  }
  return (
    <input
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
        if (e.key === 'Enter') finish(e.currentTarget.value)
        if (e.key === 'Escape') finish(null)
      }}
      onBlur={(e) => finish(e.currentTarget.value)}
    />
  )
}
