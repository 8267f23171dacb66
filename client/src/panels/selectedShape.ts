import { computed, type Computed, type Editor, type TLShapeId } from 'tldraw'
import type {} from '../shapes/boardShapeTypes.ts'

/** The only selected shape, as much of it as the side panel uses. */
export interface SelectedShape {
  id: TLShapeId
  type: string
  /** A threat card's threat. */
  threatId?: string
}

/**
 * The only selected shape, as the side panel needs it: its id and kind, not its position, so
 * dragging it (a new shape record every frame) does not re-render the panel and its threat rows.
 */
export function selectedShape(editor: Editor | null): Computed<SelectedShape | undefined> {
  return computed(
    'selected shape',
    () => {
      const shape = editor?.getOnlySelectedShape()
      if (!shape) return undefined
      const threatId = shape.type === 'threat-card' ? shape.props.threatId : undefined
      return { id: shape.id, type: shape.type, ...(threatId && { threatId }) }
    },
    {
      isEqual: (a, b) =>
        a === b || (!!a && !!b && a.id === b.id && a.type === b.type && a.threatId === b.threatId),
    },
  )
}
