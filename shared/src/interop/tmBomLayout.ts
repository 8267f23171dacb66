import type { StrideCategory } from '../domain/stride.ts'
import { STRIDE_INFO } from '../domain/stride.ts'
import type { Box } from './model.ts'

/** An element to place: in a trust zone, or outside every zone. */
export interface ZoneLayoutNode {
  id: string
  zone: string | undefined
}

const NODE = { w: 160, h: 80 }
const GAP = { x: 120, y: 100 }
const PAD = 60
const COLUMNS = 2

/**
 * Places TM-BOM elements, which have no drawing: the elements outside every zone in a column on
 * the left, then each trust zone as a box side by side, holding its elements in a grid with room
 * for threat cards between them.
 */
export function layOutZones(zoneIds: string[], nodes: ZoneLayoutNode[]) {
  const placed = new Map<string, Box>()
  const zones = new Map<string, Box>()
  const inZone = new Map<string | undefined, ZoneLayoutNode[]>()
  for (const n of nodes) {
    const of = inZone.get(n.zone)
    if (of) of.push(n)
    else inZone.set(n.zone, [n])
  }
  const grid = (list: ZoneLayoutNode[], x0: number, y0: number, columns: number) =>
    list.forEach((n, i) => {
      const col = i % columns
      const row = Math.floor(i / columns)
      placed.set(n.id, {
        x: x0 + col * (NODE.w + GAP.x),
        y: y0 + row * (NODE.h + GAP.y),
        ...NODE,
      })
    })
  const outside = inZone.get(undefined) ?? []
  grid(outside, 0, PAD, 1)
  let x = outside.length > 0 ? NODE.w + GAP.x + PAD : 0
  for (const id of zoneIds) {
    const list = inZone.get(id) ?? []
    const columns = Math.max(1, Math.min(COLUMNS, list.length))
    const rows = Math.max(1, Math.ceil(list.length / COLUMNS))
    grid(list, x + PAD, PAD * 2, columns)
    const w = columns * NODE.w + (columns - 1) * GAP.x + 2 * PAD
    const h = rows * NODE.h + (rows - 1) * GAP.y + 3 * PAD
    zones.set(id, { x, y: PAD, w, h })
    x += w + GAP.x + PAD
  }
  return { nodes: placed, zones }
}

/** Words that point at a STRIDE category. */
const CUES: [RegExp, StrideCategory][] = [
  [/privilege|escalat|backdoor|remote code|code execution|\brce\b/i, 'elevation-of-privilege'],
  [/spoof|impersonat|stolen credential|phish|forg/i, 'spoofing'],
  [/repudiat|deny having|audit trail/i, 'repudiation'],
  [/denial|\bdos\b|flood|exhaust|brute force/i, 'denial-of-service'],
  [/disclos|expos|leak|steal|theft|\bread\b|sniff|eavesdrop/i, 'information-disclosure'],
  [/tamper|modif|poison|manipulat|perturb|inject|supply chain|overflow/i, 'tampering'],
]

/**
 * TM-BOM threats carry no STRIDE category: the nearest one is guessed from their words, the
 * title's first, and within a text the cue that comes first ("Notebook tampering to insert a
 * backdoor" is Tampering); Tampering when nothing fits. `guessed` names it for the warning.
 */
export function guessCategory(...texts: string[]): { category: StrideCategory; guessed: string } {
  let category: StrideCategory = 'tampering'
  for (const text of texts) {
    let first = Infinity
    for (const [cue, c] of CUES) {
      const at = text.search(cue)
      if (at >= 0 && at < first) {
        first = at
        category = c
      }
    }
    if (first < Infinity) break
  }
  return { category, guessed: STRIDE_INFO[category].label }
}
