import { useEditor } from 'tldraw'
import type { TLShape } from 'tldraw'
import {
  noneFoundKey,
  STRIDE,
  STRIDE_INFO,
  withNoneFound,
  type StrideCategory,
} from '@threatboard/shared'

/**
 * "Considered, none found" for the selected element: one switch per STRIDE category. Pressing
 * one records on the element that the team looked and found nothing worth a card, so the
 * coverage counts the category as considered and its suggestions go; pressing again takes it
 * back. Written into the shape's meta, so it syncs and tldraw's undo covers it.
 */
export function NoneFoundToggles({
  shape,
  usual,
}: {
  shape: TLShape
  usual: readonly StrideCategory[]
}) {
  const editor = useEditor()
  const meta = shape.meta
  const toggle = (category: StrideCategory, on: boolean) => {
    editor.markHistoryStoppingPoint('none found')
    // Through the store, not updateShape: updateShape merges meta, so it cannot remove a key.
    editor.store.update(shape.id, (s) => ({ ...s, meta: withNoneFound(s.meta, category, on) }))
  }
  return (
    <div className="tb-none-found" role="group" aria-label="Considered, none found">
      {STRIDE.map((c) => {
        const info = STRIDE_INFO[c]
        const on = meta[noneFoundKey(c)] === true
        return (
          <button
            key={c}
            type="button"
            className={`tb-none-found__key${usual.includes(c) ? '' : ' tb-none-found__key--rare'}`}
            style={on ? { background: info.color, borderColor: info.color } : undefined}
            aria-pressed={on}
            aria-label={`${info.label}: considered, none found`}
            title={`${info.label}: ${on ? 'marked considered, none found (press to take back)' : 'mark as considered, none found'}`}
            data-testid={`none-found-${c}`}
            onClick={() => toggle(c, !on)}
          >
            {info.letter}
          </button>
        )
      })}
    </div>
  )
}
