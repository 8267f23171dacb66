import type { JsonRecord } from '@threatboard/shared'

/** tldraw rich text of one paragraph, as arrows and geo shapes store their label. */
export const richText = (text: string) => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
})

export const pageRecord = (id: string, name: string, index: string): JsonRecord => ({
  id,
  typeName: 'page',
  name,
  index,
  meta: {},
})

/** A board shape as tldraw stores it (only the fields the server reads are filled in). */
export function shapeRecord(
  id: string,
  type: string,
  at: { x: number; y: number; page?: string; index?: string },
  props: Record<string, unknown>,
  meta: Record<string, unknown> = {},
): JsonRecord {
  return {
    id,
    typeName: 'shape',
    type,
    parentId: at.page ?? 'page:page',
    index: at.index ?? 'a1',
    x: at.x,
    y: at.y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    props,
    meta,
  }
}

export const dfdNode = (
  id: string,
  kind: 'process' | 'external-entity' | 'data-store',
  name: string,
  at: { x: number; y: number; page?: string; index?: string },
) => shapeRecord(id, 'dfd-node', at, { w: 160, h: 80, kind, name, inScope: true, description: '' })

/** A data flow: an arrow whose stored ends are far off, so only its bindings place it. */
export const flowRecord = (id: string, label: string, meta: Record<string, unknown> = {}) =>
  shapeRecord(
    id,
    'arrow',
    { x: 0, y: 0, index: 'a5' },
    {
      start: { x: -5000, y: -5000 },
      end: { x: -4000, y: -4000 },
      bend: 0,
      richText: richText(label),
      arrowheadStart: 'none',
      arrowheadEnd: 'arrow',
    },
    meta,
  )

export const arrowBinding = (arrowId: string, terminal: 'start' | 'end', toId: string) => ({
  id: `binding:${arrowId.slice(6)}-${terminal}`,
  typeName: 'binding',
  type: 'arrow',
  fromId: arrowId,
  toId,
  props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false },
  meta: {},
})
