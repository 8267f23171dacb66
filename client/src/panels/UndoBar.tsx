import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react'
import { useRoomModel } from '../model/RoomModelContext.tsx'
import { modelUndo } from '../model/modelUndo.ts'

/**
 * Undo / redo for this user's edits of the model (the panels). Ctrl/Cmd+Z and Shift+Ctrl/Cmd+Z
 * do the same while focus is in the side panel; on the canvas they stay tldraw's.
 */
export function UndoBar() {
  const { doc, canEdit } = useRoomModel()
  const manager = modelUndo(doc)
  const [, setTick] = useState(0)
  const undoButton = useRef<HTMLButtonElement>(null)
  const redoButton = useRef<HTMLButtonElement>(null)
  // The button just used, disabled by its last step, would drop the keyboard to the page: it
  // goes to the other one, enabled by that step, once drawn so.
  const handOver = useRef<RefObject<HTMLButtonElement | null> | null>(null)
  useLayoutEffect(() => {
    handOver.current?.current?.focus()
    handOver.current = null
  })
  useEffect(() => {
    const changed = () => setTick((n) => n + 1)
    manager.on('stack-item-added', changed)
    manager.on('stack-item-popped', changed)
    return () => {
      manager.off('stack-item-added', changed)
      manager.off('stack-item-popped', changed)
    }
  }, [manager])
  if (!canEdit) return null
  /** A step button; when its last step is taken, the keyboard goes to `other`. */
  const step = (
    label: string,
    button: RefObject<HTMLButtonElement | null>,
    other: RefObject<HTMLButtonElement | null>,
    can: () => boolean,
    take: () => void,
  ) => (
    <button
      ref={button}
      type="button"
      disabled={!can()}
      onClick={() => {
        take()
        if (!can()) handOver.current = other
      }}
    >
      {label}
    </button>
  )
  return (
    <div className="tb-row" data-testid="model-undo">
      {step(
        'Undo model edit',
        undoButton,
        redoButton,
        () => manager.canUndo(),
        () => manager.undo(),
      )}
      {step(
        'Redo model edit',
        redoButton,
        undoButton,
        () => manager.canRedo(),
        () => manager.redo(),
      )}
    </div>
  )
}

/** Keyboard undo/redo for the side panel (attach to its onKeyDown). */
export function handleUndoKeys(event: React.KeyboardEvent, doc: Parameters<typeof modelUndo>[0]) {
  const target = event.target as HTMLElement
  // Text fields keep their own undo for the text being typed.
  if (target.matches('input[type="text"], input:not([type]), textarea')) return
  if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 'z') return
  event.preventDefault()
  event.stopPropagation()
  if (event.shiftKey) modelUndo(doc).redo()
  else modelUndo(doc).undo()
}
