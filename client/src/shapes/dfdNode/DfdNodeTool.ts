import { BaseBoxShapeTool, type TLStateNodeConstructor } from 'tldraw'
import type { DfdNodeKind } from '@threatboard/shared'
import type {} from '../boardShapeTypes.ts'
import { DFD_KIND_LABEL } from './DfdNodeShapeUtil.tsx'

/** The size a node gets from a click (a drag sets its own). */
const CLICK_SIZE: Record<DfdNodeKind, { w: number; h: number }> = {
  'external-entity': { w: 160, h: 80 },
  process: { w: 170, h: 110 },
  'data-store': { w: 180, h: 72 },
}

/**
 * A click-or-drag tool for one kind of DFD node. tldraw's box tool creates the shape with the
 * util's default props; while this tool is active, a node the user creates gets this tool's kind,
 * name and size before it is stored, so creating is one change and one undo step.
 */
function dfdNodeTool(kind: DfdNodeKind): TLStateNodeConstructor {
  return class DfdNodeTool extends BaseBoxShapeTool {
    static override id = `dfd-${kind}`
    override shapeType = 'dfd-node' as const
    private stop: (() => void) | undefined

    override onEnter() {
      this.stop = this.editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
        if (source !== 'user' || shape.type !== 'dfd-node') return shape
        // A drag starts at 1×1 and is resized by the select tool; a click keeps the defaults.
        const size = shape.props.w === 1 ? {} : CLICK_SIZE[kind]
        return { ...shape, props: { ...shape.props, ...size, kind, name: DFD_KIND_LABEL[kind] } }
      })
    }

    override onExit() {
      this.stop?.()
      this.stop = undefined
    }
  }
}

export const ExternalEntityTool = dfdNodeTool('external-entity')
export const ProcessTool = dfdNodeTool('process')
export const DataStoreTool = dfdNodeTool('data-store')
