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

/**
 * A board shape as tldraw stores it. Its props must be complete for its type: the report and the
 * exports, like every browser, leave out a record that tldraw's validators refuse.
 */
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
      kind: 'arc',
      labelColor: 'black',
      color: 'black',
      fill: 'none',
      dash: 'solid',
      size: 's',
      font: 'sans',
      start: { x: -5000, y: -5000 },
      end: { x: -4000, y: -4000 },
      bend: 0,
      richText: richText(label),
      labelPosition: 0.5,
      scale: 1,
      elbowMidPoint: 0.5,
      arrowheadStart: 'none',
      arrowheadEnd: 'arrow',
    },
    meta,
  )

/** A geo shape (a rectangle unless told) with a label, every prop tldraw checks filled in. */
export const geoRecord = (
  id: string,
  label: string,
  at: { x: number; y: number; page?: string; index?: string },
  size: { w: number; h: number },
  geo = 'rectangle',
) =>
  shapeRecord(id, 'geo', at, {
    geo,
    ...size,
    dash: 'draw',
    url: '',
    growY: 0,
    scale: 1,
    flipX: false,
    flipY: false,
    labelColor: 'black',
    color: 'black',
    fill: 'none',
    size: 'm',
    font: 'draw',
    align: 'middle',
    verticalAlign: 'middle',
    richText: richText(label),
  })

export const arrowBinding = (arrowId: string, terminal: 'start' | 'end', toId: string) => ({
  id: `binding:${arrowId.slice(6)}-${terminal}`,
  typeName: 'binding',
  type: 'arrow',
  fromId: arrowId,
  toId,
  props: {
    terminal,
    normalizedAnchor: { x: 0.5, y: 0.5 },
    isExact: false,
    isPrecise: false,
    snap: 'none',
  },
  meta: {},
})

/**
 * A valid tldraw index key for the i-th of many shapes, in order: "a1" then i's base-36 digits
 * (all fractional-index digits) and a closing "V", as a key's fraction may not end in "0".
 */
export const nthIndex = (i: number) => `a1${i.toString(36).padStart(4, '0')}V`
