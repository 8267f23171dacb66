import { BaseBoxShapeTool } from 'tldraw'
import type {} from '../boardShapeTypes.ts'

/**
 * Click or drag to draw a trust boundary. A boundary the user creates goes behind everything on
 * the page, so it never covers the elements drawn inside it.
 */
export class TrustBoundaryTool extends BaseBoxShapeTool {
  static override id = 'trust-boundary'
  override shapeType = 'trust-boundary' as const
  private stop: (() => void) | undefined

  override onEnter() {
    this.stop = this.editor.sideEffects.registerAfterCreateHandler('shape', (shape, source) => {
      if (source === 'user' && shape.type === 'trust-boundary') this.editor.sendToBack([shape.id])
    })
  }

  override onExit() {
    this.stop?.()
    this.stop = undefined
  }
}
