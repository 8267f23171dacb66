import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useValue, type Editor } from 'tldraw'
import { STRIDE, STRIDE_INFO, type StrideCategory } from '@threatboard/shared'
import { useRoomModel } from '../model/RoomModelContext.tsx'
import { keepNewCardClear } from '../shapes/panel/keepSelectionClear.ts'
import { createThreatCard } from '../shapes/threatCard/createThreatCard.ts'
import { cardTargetOf, targetName, usualCategories } from '../shapes/threatCard/targetKind.ts'

/** Keys typed here belong to a form field, not to the shortcut. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))
}

/** The selected shape a threat can be added to, with what it is and its name. */
function threatTarget(editor: Editor | null) {
  const shape = editor?.getOnlySelectedShape() ?? undefined
  const kind = cardTargetOf(shape)
  return editor && shape && kind ? { id: shape.id, kind, name: targetName(editor, shape) } : null
}

/**
 * "Add a threat to <selection>" without the mouse: `t` with a node, flow or asset pin selected
 * focuses the category picker, Enter adds the threat (with its card on the board) and hands
 * focus to the new threat's severity. The canvas's STRIDE palette does the same by pointer.
 */
export function AddThreat({ onAdded }: { onAdded: (threatId: string) => void }) {
  const { editor, doc, canEdit, userName } = useRoomModel()
  const target = useValue('threat target', () => threatTarget(editor), [editor])
  const picker = useRef<HTMLSelectElement>(null)
  const [category, setCategory] = useState<StrideCategory | null>(null)
  // STRIDE-per-element's usual categories first (the first is the default), then the rest.
  const usual = target ? usualCategories(target.kind) : STRIDE
  const ordered = [...usual, ...STRIDE.filter((c) => !usual.includes(c))]
  const chosen = category ?? usual[0]!

  useEffect(() => {
    if (!canEdit || !editor) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 't' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return
      if (editor.getEditingShapeId() || !threatTarget(editor)) return
      // Before tldraw's own `t` (the text tool): with a threat target selected, `t` is ours.
      e.preventDefault()
      e.stopPropagation()
      picker.current?.focus()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [editor, canEdit])

  if (!canEdit || !editor || !target) return null
  const add = (e?: FormEvent) => {
    e?.preventDefault()
    const id = createThreatCard(editor, doc, {
      category: chosen,
      targetShapeId: target.id,
      userName,
    })
    // Seen on the board, not under the selected element's panel.
    keepNewCardClear(editor, id)
    onAdded(id)
  }
  return (
    <form className="tb-form tb-add-threat" data-testid="add-threat" onSubmit={add}>
      <label className="tb-field">
        <span>
          Add a threat to {target.name} <kbd>t</kbd>
        </span>
        <select
          ref={picker}
          data-testid="add-threat-category"
          aria-keyshortcuts="t"
          value={chosen}
          onChange={(e) => setCategory(e.target.value as StrideCategory)}
          onKeyDown={(e) => {
            e.stopPropagation()
            // Enter adds; without preventDefault Chromium would also open the picker's popup,
            // which keeps the keyboard after the picker is gone.
            if (e.key === 'Enter') {
              e.preventDefault()
              add()
            }
            if (e.key === 'Escape') {
              // Back to the board, where the shortcuts are. `editor.focus()` alone moves nothing:
              // tldraw still counts itself focused while a control outside it has the keyboard.
              e.preventDefault()
              editor.getContainer().focus()
              editor.focus()
            }
          }}
        >
          {ordered.map((c) => (
            <option key={c} value={c}>
              {STRIDE_INFO[c].label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" data-testid="add-threat-submit">
        Add threat
      </button>
    </form>
  )
}
