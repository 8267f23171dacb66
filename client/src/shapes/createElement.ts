import { createShapeId, type Editor } from 'tldraw'
import type { DfdNodeKind } from '@threatboard/shared'
import type {} from './boardShapeTypes.ts'

export type ElementKind = DfdNodeKind | 'trust-boundary'

const DEFAULT_NAME: Record<ElementKind, string> = {
  'external-entity': 'External entity',
  process: 'Process',
  'data-store': 'Data store',
  'trust-boundary': 'Trust boundary',
}

/** Adds a DFD element (or a trust boundary, sent to the back) at the centre of the view. */
export function createElement(editor: Editor, kind: ElementKind, name?: string): void {
  const center = editor.getViewportPageBounds().center
  const id = createShapeId()
  editor.markHistoryStoppingPoint(`add ${kind}`)
  if (kind === 'trust-boundary') {
    editor.createShape({
      id,
      type: 'trust-boundary',
      x: center.x - 240,
      y: center.y - 160,
      props: { name: name ?? DEFAULT_NAME[kind] },
    })
    editor.sendToBack([id])
  } else {
    editor.createShape({
      id,
      type: 'dfd-node',
      x: center.x - 80,
      y: center.y - 40,
      props: { kind, name: name ?? DEFAULT_NAME[kind] },
    })
  }
  editor.select(id)
}
