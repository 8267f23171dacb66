import { DefaultStylePanel, useEditor, useValue, type TLUiStylePanelProps } from 'tldraw'
import { MODEL_SHAPE_TYPES } from '../boardRules.ts'

/** tldraw's tools that draw free shapes (notes, sketches): the only ones with styles to pick. */
const FREE_DRAWING_TOOLS: ReadonlySet<string> = new Set([
  'draw',
  'geo',
  'text',
  'note',
  'line',
  'highlight',
  'frame',
])

/**
 * tldraw's style panel, only for free drawing: shown while a free-drawing tool is picked or the
 * selection holds only free-drawn shapes. The model's shapes (elements, boundaries, flows,
 * cards, pins) have the board's look, so the panel never floats over the board to restyle them.
 */
export function BoardStylePanel(props: TLUiStylePanelProps) {
  const editor = useEditor()
  const free = useValue(
    'free drawing',
    () => {
      if (FREE_DRAWING_TOOLS.has(editor.getCurrentToolId())) return true
      const selected = editor.getSelectedShapes()
      return selected.length > 0 && selected.every((s) => !MODEL_SHAPE_TYPES.has(s.type))
    },
    [editor],
  )
  return free ? <DefaultStylePanel {...props} /> : null
}
