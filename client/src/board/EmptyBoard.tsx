import { useEditor, useValue } from 'tldraw'
import { DFD_TOOLS } from '../shapes/toolbar/boardTools.tsx'
import { everyShape } from '../shapes/common/everyShape.ts'

/** `shift+b` as a key cap reads it: Shift+B. */
const keyName = (kbd: string) => kbd.toUpperCase().replace('SHIFT+', 'Shift+')

/**
 * What an empty page says in the middle of the canvas: where to start, with the DFD tools to pick
 * (and their keys) for those who may draw. It goes once a shape is drawn or a tool is picked.
 */
export function EmptyBoard() {
  const editor = useEditor()
  const state = useValue(
    'empty page',
    () => {
      if (editor.getCurrentPageShapeIds().size > 0 || editor.getCurrentToolId() !== 'select') {
        return null
      }
      return { otherPages: everyShape(editor).length > 0, readOnly: editor.getIsReadonly() }
    },
    [editor],
  )
  if (!state) return null
  return (
    <div className="tb-empty-board" data-testid="empty-board" role="note">
      <h2>{state.otherPages ? 'This page is empty' : 'Nothing drawn yet'}</h2>
      {state.readOnly ? (
        <p>What the team draws here appears as they draw it.</p>
      ) : (
        <>
          <p>
            Start with what takes part: who uses the system, what runs, where data rests and where
            trust changes. Then join them with flows (<kbd>A</kbd>, the arrow) and add threats to
            what you drew (<kbd>T</kbd>).
          </p>
          <div className="tb-empty-board__tools">
            {DFD_TOOLS.map((tool) => (
              <button
                key={tool.id}
                type="button"
                data-testid={`empty-board-${tool.id}`}
                onClick={() => editor.setCurrentTool(tool.id)}
              >
                {tool.label} <kbd>{keyName(tool.kbd)}</kbd>
              </button>
            ))}
          </div>
        </>
      )}
    </div>
  )
}
