import type { Editor, TLShape } from 'tldraw'
import { STRIDE, STRIDE_PER_ELEMENT, type StrideCategory } from '@threatboard/shared'
import type {} from '../boardShapeTypes.ts'

/** What a threat card can be dropped on: a DFD node, a data flow (arrow), or an asset pin. */
export type CardTarget = 'external-entity' | 'process' | 'data-store' | 'data-flow' | 'asset'

export function cardTargetOf(shape: TLShape | undefined): CardTarget | undefined {
  if (shape?.type === 'dfd-node') return shape.props.kind
  if (shape?.type === 'arrow') return 'data-flow'
  if (shape?.type === 'asset-pin') return 'asset'
  return undefined
}

/** STRIDE-per-element: the categories that usually apply (all six for an asset). */
export function usualCategories(target: CardTarget): readonly StrideCategory[] {
  return target === 'asset' ? STRIDE : STRIDE_PER_ELEMENT[target]
}

/** A shape's display name, for titles and headings. */
export function targetName(editor: Editor, shape: TLShape): string {
  if (shape.type === 'dfd-node' || shape.type === 'trust-boundary') return shape.props.name
  const text = editor.getShapeUtil(shape).getText(shape)?.trim()
  if (text) return text
  if (shape.type === 'arrow') return 'data flow'
  return 'element'
}
