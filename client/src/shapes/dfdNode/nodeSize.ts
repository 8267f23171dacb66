import type { Editor, TLShape } from 'tldraw'
import type { DfdNodeShape } from '../boardShapeTypes.ts'
import { textWidth, wrapText } from '../common/svgText.tsx'

/** The name's type (shapes.css .tb-node__name): 15 px, weight 650, 18 px lines. */
export const NAME_PX = 15
export const NAME_WEIGHT = 650
export const NAME_LINE = 18
/** Kind label above the name, and the pinned-assets line below it. */
const KIND_LINE = 12
const ASSETS_LINE = 14
/** A name wider than this wraps (between words) rather than making the node very wide. */
const NAME_MAX_WIDTH = 190
/**
 * A word wider than NAME_MAX_WIDTH widens the node up to this, then breaks: one pasted token
 * must not make a node thousands of pixels wide.
 */
const WORD_MAX_WIDTH = 320
/** Slack for the DOM's rounding of a face the canvas measured. */
const SLACK = 6

/** The name's lines as the node shows them. */
export function nameLines(name: string): string[] {
  const longest = Math.max(0, ...name.split(/\s+/).map((w) => textWidth(w, NAME_PX, NAME_WEIGHT)))
  return wrapText(name, {
    px: NAME_PX,
    weight: NAME_WEIGHT,
    maxWidth: Math.max(NAME_MAX_WIDTH, Math.min(WORD_MAX_WIDTH, Math.ceil(longest))),
  })
}

/**
 * The smallest box in which a node shows its whole name (wrapped as nameLines does) with its
 * kind label and pinned-assets line: a process's text sits inside its ellipse (DfdNode pads it
 * by 16 % of the width and 10 % of the height), a data store's right of its open end.
 */
export function nodeMinSize(
  kind: DfdNodeShape['props']['kind'],
  name: string,
  hasAssets: boolean,
): { w: number; h: number } {
  const lines = nameLines(name)
  const textW = Math.max(...lines.map((l) => textWidth(l, NAME_PX, NAME_WEIGHT))) + SLACK
  const textH = KIND_LINE + lines.length * NAME_LINE + (hasAssets ? ASSETS_LINE : 0) + 4
  if (kind === 'process') return { w: Math.ceil(textW / 0.68), h: Math.ceil(textH / 0.8) }
  const padX = kind === 'data-store' ? 34 : 28
  return { w: Math.ceil(textW + padX), h: Math.ceil(textH + 12) }
}

const hasAssetPins = (editor: Editor, id: TLShape['id']) =>
  editor
    .getBindingsToShape(id, 'tb-anchor')
    .some((b) => editor.getShape(b.fromId)?.type === 'asset-pin')

/** `node` grown (never shrunk) to its minimum size; the same object when it already fits. */
export function fitNode(editor: Editor, node: DfdNodeShape): DfdNodeShape {
  const min = nodeMinSize(node.props.kind, node.props.name, hasAssetPins(editor, node.id))
  if (node.props.w >= min.w && node.props.h >= min.h) return node
  return {
    ...node,
    props: { ...node.props, w: Math.max(node.props.w, min.w), h: Math.max(node.props.h, min.h) },
  }
}

/**
 * Nodes grow to fit their names: when this person creates, renames or resizes one (a node
 * cannot be made smaller than its name), when an asset is pinned on one, and once for the
 * whole board when an editor opens it (boards imported or drawn before this rule). Remote
 * changes are left alone: the person who made them fitted them. Returns the function that stops.
 */
export function keepNodesFitted(editor: Editor, fitNow: boolean): () => void {
  const fit = (shape: TLShape, source: 'user' | 'remote') =>
    source === 'user' && shape.type === 'dfd-node' ? fitNode(editor, shape) : shape
  const stops = [
    // tldraw's box tool creates a dragged node 1×1 and resizes it from there with the drag:
    // fitted at creation, it would come out its name's size plus the drag. The resize is fitted.
    editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) =>
      shape.type === 'dfd-node' && shape.props.w === 1 && shape.props.h === 1
        ? shape
        : fit(shape, source),
    ),
    editor.sideEffects.registerBeforeChangeHandler('shape', (_prev, next, source) =>
      fit(next, source),
    ),
    editor.sideEffects.registerAfterCreateHandler('binding', (binding, source) => {
      if (source !== 'user' || binding.type !== 'tb-anchor') return
      const node = editor.getShape(binding.toId)
      if (node?.type === 'dfd-node') refit(editor, node)
    }),
  ]
  if (fitNow) {
    // Not an edit of this person's to undo: the board as it should have been drawn.
    editor.run(
      () => {
        for (const shape of editor.getCurrentPageShapes()) {
          if (shape.type === 'dfd-node') refit(editor, shape)
        }
      },
      { history: 'ignore' },
    )
  }
  return () => stops.forEach((stop) => stop())
}

function refit(editor: Editor, node: DfdNodeShape) {
  const fitted = fitNode(editor, node)
  if (fitted !== node) {
    editor.updateShape({ id: node.id, type: 'dfd-node', props: fitted.props })
  }
}
