import type * as Y from 'yjs'
import { getRecordsMap, type JsonRecord } from '@threatboard/shared'
import { readAllRecords } from '@threatboard/shared/doc/recordMaps.ts'
import { flowPath, type Terminal } from '../../src/report/diagram/flowPath.ts'

const frameOf = (r: JsonRecord) => ({ x: r.x as number, y: r.y as number, rotation: 0 })

/**
 * Each flow whose label, where the report draws it (the middle of a small box about the label's
 * centre), lies on an element of its page or on a trust boundary's name tab (as the report draws
 * it: 12 px in from the boundary's left, over its top edge): `flow id → element or boundary id`.
 * The geometry is the report's (`flowPath`), not the importer's, so a test of the importer does
 * not grade its own homework.
 */
export function labelsOnElements(doc: Y.Doc): string[] {
  const records = readAllRecords(getRecordsMap(doc))
  const shapes = new Map(records.filter((r) => r.typeName === 'shape').map((r) => [r.id, r]))
  const arrowBindings = records.filter((r) => r.typeName === 'binding' && r.type === 'arrow')
  // Elements whole; boundaries by their name tab (one line of it, at its narrowest).
  const nodes = [...shapes.values()].flatMap((s) => {
    const { w, h, name } = s.props as { w: number; h: number; name: string }
    const at = { id: s.id, parentId: s.parentId }
    if (s.type === 'dfd-node') return [{ ...at, x: s.x as number, y: s.y as number, w, h }]
    if (s.type !== 'trust-boundary') return []
    const tabW = Math.min(name.length * 7 + 16, Math.max(w - 24, 136))
    return [{ ...at, x: (s.x as number) + 12, y: (s.y as number) - 11, w: tabW, h: 19 }]
  })
  const found: string[] = []
  for (const arrow of shapes.values()) {
    if (arrow.type !== 'arrow') continue
    const terminal = (end: 'start' | 'end'): Terminal => {
      const binding = arrowBindings.find(
        (b) => b.fromId === arrow.id && (b.props as { terminal: string }).terminal === end,
      )
      const target = binding ? shapes.get(binding.toId as string) : undefined
      return binding && target
        ? { binding, target: { record: target, frame: frameOf(target) } }
        : {}
    }
    const { middle } = flowPath(arrow, frameOf(arrow), terminal('start'), terminal('end'))
    const label = { x: middle.x - 20, y: middle.y - 8, w: 40, h: 16 }
    for (const n of nodes) {
      if (n.parentId !== arrow.parentId) continue
      const { x, y, w, h } = n
      if (label.x < x + w && x < label.x + label.w && label.y < y + h && y < label.y + label.h) {
        found.push(`${arrow.id} → ${n.id}`)
      }
    }
  }
  return found
}
