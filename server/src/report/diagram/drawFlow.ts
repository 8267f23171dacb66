import type { JsonRecord } from '@threatboard/shared/doc/recordMaps.ts'
import { readDataFlowMeta } from '@threatboard/shared/shapes/boardShapes.ts'
import { labelOf } from '../buildReport.ts'
import type { Drawn } from './drawShape.ts'
import { flowPath, type Terminal } from './flowPath.ts'
import type { Frame, Point } from './pageFrame.ts'
import { clip, num, textLines, textWidth, wrap, xml } from './svgText.ts'

const INK = '#1d2433'

/** A filled arrowhead whose tip is at `tip`, pointing along `dir`. */
function arrowhead(tip: Point, dir: Point): string {
  const back = { x: tip.x - dir.x * 12, y: tip.y - dir.y * 12 }
  const side = { x: -dir.y * 5, y: dir.x * 5 }
  const pts = [
    tip,
    { x: back.x + side.x, y: back.y + side.y },
    { x: back.x - side.x, y: back.y - side.y },
  ]
  return `<path d="M${pts.map((p) => `${num(p.x)} ${num(p.y)}`).join(' L')} Z" fill="${INK}"/>`
}

/** The flow's flags as the board's badges show them: protocol, encryption, public network. */
function badges(meta: unknown, centre: Point): { svg: string; extent: Point[] } {
  const flow = readDataFlowMeta(meta)
  if (!flow || !(flow.protocol || flow.encrypted || flow.publicNetwork)) {
    return { svg: '', extent: [] }
  }
  const risky = flow.publicNetwork && !flow.encrypted
  const words = [
    clip(flow.protocol, 40),
    flow.encrypted ? 'encrypted' : 'not encrypted',
    flow.publicNetwork ? 'public network' : '',
  ].filter(Boolean)
  const colours = risky
    ? { fill: '#fef3f2', ink: '#b42318', line: '#fecdca' }
    : { fill: '#eef4ff', ink: '#1e40af', line: '#c7d7fe' }
  const widths = words.map((w) => textWidth(w, 11) + 12)
  const total = widths.reduce((a, b) => a + b, 0) + 4 * (words.length - 1)
  let x = centre.x - total / 2
  const y = centre.y
  const parts: string[] = []
  words.forEach((word, i) => {
    const w = widths[i]!
    parts.push(
      `<rect x="${num(x)}" y="${num(y - 12)}" width="${num(w)}" height="16" rx="8" fill="${colours.fill}" stroke="${colours.line}"/>`,
      textLines(x + w / 2, y, [word], { size: 11, fill: colours.ink, weight: 600 }),
    )
    x += w + 4
  })
  return {
    svg: parts.join(''),
    extent: [
      { x: centre.x - total / 2, y: y - 12 },
      { x: centre.x + total / 2, y: y + 4 },
    ],
  }
}

/**
 * Draws a data flow (a tldraw arrow) where its bound elements are now: the course (bent if the
 * arrow is), its arrowheads, its label on a white ground at the middle, and above the label the
 * badges of its flags.
 */
export function drawFlow(arrow: JsonRecord, frame: Frame, start: Terminal, end: Terminal): Drawn {
  const props = (arrow.props ?? {}) as Record<string, unknown>
  const path = flowPath(arrow, frame, start, end)
  // The flow's id on its course lets a reader (or a test) find where a given flow is drawn.
  const parts = [
    `<path d="${path.d}" fill="none" stroke="${INK}" stroke-width="2" data-flow-id="${xml(String(arrow.id))}"/>`,
  ]
  if (props.arrowheadEnd !== 'none') parts.push(arrowhead(path.end, path.endDir))
  if (props.arrowheadStart !== undefined && props.arrowheadStart !== 'none') {
    parts.push(arrowhead(path.start, path.startDir))
  }
  const extent: Point[] = [path.start, path.end, path.middle]
  const lines = wrap(clip(labelOf(props)), 220, 12)
  const m = path.middle
  const lineH = 15
  const labelTop = m.y - (lines.length * lineH) / 2
  if (lines.length) {
    const w = Math.max(...lines.map((l) => textWidth(l, 12))) + 10
    parts.push(
      `<rect x="${num(m.x - w / 2)}" y="${num(labelTop - 2)}" width="${num(w)}" height="${num(lines.length * lineH + 4)}" rx="3" fill="#ffffff" fill-opacity="0.9"/>`,
      textLines(m.x, labelTop + 11, lines, { size: 12, fill: '#374151' }),
    )
    extent.push(
      { x: m.x - w / 2, y: labelTop - 2 },
      { x: m.x + w / 2, y: labelTop + lines.length * lineH },
    )
  }
  const b = badges(arrow.meta, { x: m.x, y: (lines.length ? labelTop : m.y) - 8 })
  parts.push(b.svg)
  extent.push(...b.extent)
  return { svg: parts.join(''), extent }
}
