import {
  createShapeId,
  createTLStore,
  defaultAddFontsFromNode,
  defaultTools,
  Editor,
  tipTapDefaultExtensions,
  type TLShapeId,
  type TLStore,
} from 'tldraw'
import type { DfdNodeKind } from '@threatboard/shared'
import { boardBindingUtils, boardShapeUtils, boardTools } from './index.ts'

/**
 * A board editor without a page (for unit tests under happy-dom): the board's own shapes,
 * bindings and tools, as `<Tldraw>` gets them in `Board.tsx`. Pass `store` to edit a store the
 * test made (and bound to a doc) first, as `Board.tsx` does.
 */
export function headlessBoardEditor(
  store: TLStore = createTLStore({ shapeUtils: boardShapeUtils, bindingUtils: boardBindingUtils }),
): Editor {
  return new Editor({
    store,
    shapeUtils: boardShapeUtils,
    bindingUtils: boardBindingUtils,
    tools: [...defaultTools, ...boardTools],
    getContainer: () => document.body,
    // What <Tldraw> passes: a flow's label is rich text, read through these.
    textOptions: {
      tipTapConfig: { extensions: tipTapDefaultExtensions },
      addFontsFromNode: defaultAddFontsFromNode,
    },
  })
}

/** Adds a DFD node named `name` at (x, y). */
export function addNode(
  editor: Editor,
  name: string,
  x: number,
  y: number,
  kind: DfdNodeKind,
): TLShapeId {
  const id = createShapeId()
  editor.createShape({ id, type: 'dfd-node', x, y, props: { name, kind } })
  return id
}

/** Adds an arrow bound from the middle of `from` to the middle of `to`: a data flow. */
export function addFlow(editor: Editor, from: TLShapeId, to: TLShapeId): TLShapeId {
  const id = createShapeId()
  editor.createShape({ id, type: 'arrow', x: 0, y: 0 })
  for (const [terminal, toId] of [
    ['start', from],
    ['end', to],
  ] as const) {
    editor.createBinding({
      type: 'arrow',
      fromId: id,
      toId,
      props: {
        terminal,
        normalizedAnchor: { x: 0.5, y: 0.5 },
        isExact: false,
        isPrecise: false,
        snap: 'none',
      },
    })
  }
  return id
}
