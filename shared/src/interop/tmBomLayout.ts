import type { StrideCategory } from '../domain/stride.ts'
import { STRIDE_INFO } from '../domain/stride.ts'
import { Graph, layout } from '@dagrejs/dagre'
import type { Box } from './model.ts'

/** An element to place: in a trust zone, or outside every zone. */
export interface ZoneLayoutNode {
  id: string
  zone: string | undefined
}

const NODE = { w: 160, h: 80 }
/** Space between elements of one column, and between columns (flow labels sit in it). */
const GAP = { y: 70, x: 110 }
/** A zone's least margin around its elements (its name sits in the top one). */
const PAD = 40

/**
 * Places TM-BOM elements, which have no drawing, as a layered diagram read left to right along
 * the data flows (dagre's layout, trust zones as clusters): fewer flows cross each other or run
 * through an element than in any fixed grid, and each zone's elements stay together in its box.
 * `flows` are the [source, destination] pairs of the file's data flows.
 */
export function layOutZones(
  zoneIds: string[],
  nodes: ZoneLayoutNode[],
  flows: readonly (readonly [string, string])[],
) {
  const g = new Graph({ compound: true, multigraph: true })
  g.setGraph({
    rankdir: 'LR',
    nodesep: GAP.y,
    ranksep: GAP.x,
    edgesep: 30,
    marginx: PAD,
    marginy: PAD,
  })
  g.setDefaultEdgeLabel(() => ({}))
  // Keys in two namespaces, so a file's element named like a zone's key cannot meet it.
  const zoneKey = (id: string) => `z:${id}`
  const nodeKey = (id: string) => `n:${id}`
  for (const id of zoneIds) g.setNode(zoneKey(id), {})
  const known = new Set<string>()
  for (const n of nodes) {
    known.add(n.id)
    g.setNode(nodeKey(n.id), { width: NODE.w, height: NODE.h })
    if (n.zone !== undefined && zoneIds.includes(n.zone))
      g.setParent(nodeKey(n.id), zoneKey(n.zone))
  }
  flows.forEach(([from, to], i) => {
    // A flow to itself bends out and back; it decides nothing about the order.
    if (known.has(from) && known.has(to) && from !== to)
      g.setEdge(nodeKey(from), nodeKey(to), {}, `flow ${i}`)
  })
  layout(g)

  // dagre gives centres; the board wants top-left corners.
  const placed = new Map<string, Box>()
  for (const n of nodes) {
    const { x, y } = g.node(nodeKey(n.id))
    placed.set(n.id, { x: Math.round(x - NODE.w / 2), y: Math.round(y - NODE.h / 2), ...NODE })
  }
  const zones = new Map<string, Box>()
  const empty: string[] = []
  for (const id of zoneIds) {
    const members = nodes.filter((n) => n.zone === id).map((n) => placed.get(n.id)!)
    if (members.length === 0) {
      empty.push(id)
      continue
    }
    // dagre's own box of the cluster keeps clear of the elements outside it; it is widened to
    // PAD around the members where it is tighter.
    const c = g.node(zoneKey(id))
    const x = Math.round(Math.min(c.x - c.width / 2, ...members.map((b) => b.x - PAD)))
    const y = Math.round(Math.min(c.y - c.height / 2, ...members.map((b) => b.y - PAD)))
    const w = Math.round(Math.max(c.x + c.width / 2, ...members.map((b) => b.x + b.w + PAD)) - x)
    const h = Math.round(Math.max(c.y + c.height / 2, ...members.map((b) => b.y + b.h + PAD)) - y)
    zones.set(id, { x, y, w, h })
  }
  // Empty zones: small boxes in a row below the diagram, where they hide nothing.
  const bottom = Math.max(0, ...[...placed.values(), ...zones.values()].map((b) => b.y + b.h))
  empty.forEach((id, i) => {
    const w = 2 * NODE.w
    zones.set(id, { x: PAD + i * (w + GAP.x), y: bottom + GAP.y, w, h: NODE.h + 2 * PAD })
  })
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
