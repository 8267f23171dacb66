import type { JsonRecord } from '@threatboard/shared/doc/recordMaps.ts'
import type { Asset } from '@threatboard/shared/domain/asset.ts'
import { STRIDE_INFO, type StrideCategory } from '@threatboard/shared/domain/stride.ts'
import type { Threat } from '@threatboard/shared/domain/threat.ts'
import { labelOf } from '../buildReport.ts'
import { toPage, type Frame, type Point } from './pageFrame.ts'
import { centredText, clip, fitLine, num, textLines, textWidth, wrap } from './svgText.ts'

/** What drawing one shape gives: its markup and the page points it covers (for the view box). */
export interface Drawn {
  svg: string
  extent: Point[]
}

/** Everything a shape's drawing may look up. */
export interface ShapeContext {
  threats: ReadonlyMap<string, Threat>
  assets: ReadonlyMap<string, Asset>
}

const KIND_STYLE = {
  'external-entity': { label: 'External entity', stroke: '#5925dc', fill: '#f4f3ff' },
  process: { label: 'Process', stroke: '#1d4ed8', fill: '#eff4ff' },
  'data-store': { label: 'Data store', stroke: '#067647', fill: '#ecfdf3' },
} as const
const OUT_OF_SCOPE = { stroke: '#98a2b3', fill: '#f2f4f7', ink: '#667085' }

const SEVERITY_STYLE: Record<string, { fill: string; ink: string }> = {
  critical: { fill: '#912018', ink: '#ffffff' },
  high: { fill: '#fee4e2', ink: '#b42318' },
  medium: { fill: '#fef0c7', ink: '#93370d' },
  low: { fill: '#dcfae6', ink: '#085d3a' },
}
const SENSITIVITY_COLOR: Record<string, string> = {
  restricted: '#b42318',
  confidential: '#dc6803',
  internal: '#1570ef',
  public: '#079455',
}

const size = (v: unknown, fallback: number) =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.min(v, 1e6) : fallback
const finiteOr = (v: unknown, fallback: number) =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback
const label = (s: string) => s.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())

/** The page corners of a w×h box in a frame. */
function corners(frame: Frame, w: number, h: number): Point[] {
  return [
    { x: 0, y: 0 },
    { x: w, y: 0 },
    { x: w, y: h },
    { x: 0, y: h },
  ].map((p) => toPage(frame, p))
}

/** Wraps local-space markup so it lands where the shape is on the page. */
function placed(frame: Frame, body: string): string {
  const turn = frame.rotation ? ` rotate(${num((frame.rotation * 180) / Math.PI)})` : ''
  return `<g transform="translate(${num(frame.x)} ${num(frame.y)})${turn}">${body}</g>`
}

function dfdNode(props: Record<string, unknown>, w: number, h: number): string {
  const kind = (
    props.kind === 'external-entity' || props.kind === 'data-store' ? props.kind : 'process'
  ) as keyof typeof KIND_STYLE
  const inScope = props.inScope !== false
  const style = KIND_STYLE[kind]
  const stroke = inScope ? style.stroke : OUT_OF_SCOPE.stroke
  const fill = inScope ? style.fill : OUT_OF_SCOPE.fill
  const ink = inScope ? '#101828' : OUT_OF_SCOPE.ink
  const dash = inScope ? '' : ' stroke-dasharray="6 4"'
  const line = `stroke="${stroke}" stroke-width="2"${dash}`
  const parts: string[] = []
  if (kind === 'process') {
    parts.push(
      `<ellipse cx="${num(w / 2)}" cy="${num(h / 2)}" rx="${num(w / 2 - 1)}" ry="${num(h / 2 - 1)}" fill="${fill}" ${line}/>`,
    )
  } else if (kind === 'external-entity') {
    parts.push(
      `<rect x="1" y="1" width="${num(w - 2)}" height="${num(h - 2)}" fill="${fill}" ${line}/>`,
    )
  } else {
    // A data store is open at both ends: two long sides and one short stroke near its left.
    parts.push(
      `<rect x="0" y="1" width="${num(w)}" height="${num(h - 2)}" fill="${fill}"/>`,
      `<line x1="0" y1="1" x2="${num(w)}" y2="1" ${line}/>`,
      `<line x1="0" y1="${num(h - 1)}" x2="${num(w)}" y2="${num(h - 1)}" ${line}/>`,
      `<line x1="12" y1="1" x2="12" y2="${num(h - 1)}" ${line}/>`,
    )
  }
  const name = clip(props.name) || style.label
  const inner = kind === 'process' ? w * 0.68 : kind === 'data-store' ? w - 34 : w - 28
  const cx = kind === 'data-store' ? 6 + w / 2 : w / 2
  // A long name takes more lines and, when they would not fit the outline, a smaller size.
  const fontSize =
    [15, 13, 11, 9].find((size) => wrap(name, inner, size).length * size * 1.25 <= h - 22) ?? 9
  const text = centredText(cx, h / 2 + 6, name, inner, {
    size: fontSize,
    fill: ink,
    weight: 650,
  })
  const kindTop = h / 2 + 6 - (text.lines.length * fontSize * 1.25) / 2 - 4
  parts.push(
    textLines(cx, kindTop, [style.label.toUpperCase()], {
      size: 9,
      fill: stroke,
      weight: 600,
      attrs: 'letter-spacing="0.7"',
    }),
    text.svg,
  )
  if (!inScope) {
    parts.push(
      `<rect x="${num(w - 92)}" y="-9" width="86" height="16" rx="4" fill="#667085"/>`,
      textLines(w - 49, 3, ['OUT OF SCOPE'], { size: 9, fill: '#ffffff', weight: 700 }),
    )
  }
  return parts.join('')
}

function trustBoundary(name: string, w: number, h: number): string {
  const title = clip(name) || 'Trust boundary'
  const lines = wrap(title, Math.max(120, w - 40), 12, true)
  const tagW = Math.min(
    Math.max(...lines.map((l) => textWidth(l, 12, true))) + 16,
    Math.max(w - 24, 136),
  )
  const tagH = lines.length * 15 + 4
  return [
    `<rect x="0" y="0" width="${num(w)}" height="${num(h)}" rx="10" fill="#d92d20" fill-opacity="0.025" stroke="#d92d20" stroke-width="2" stroke-dasharray="8 6"/>`,
    `<rect x="12" y="-11" width="${num(tagW)}" height="${num(tagH)}" rx="4" fill="#fef3f2" stroke="#fda29b"/>`,
    textLines(20, 2, lines, { size: 12, fill: '#b42318', weight: 650, anchor: 'start' }),
  ].join('')
}

/**
 * Text wrapped to `width` and cut to the lines a shape's box holds, as the board's CSS clamps it:
 * the last line ends with "…" (at a space, unless that loses half the line) when there is more.
 * The report's lists carry the whole text; a card or pin grown to fit it covered its neighbours.
 */
function linesThatFit(text: string, width: number, size: number, bold: boolean, room: number) {
  const lines = wrap(text, width, size, bold)
  if (lines.length <= room) return lines
  const cut = fitLine(lines.slice(room - 1).join(' '), width, size, bold).slice(0, -1)
  const space = cut.lastIndexOf(' ')
  const last = `${(space > cut.length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
  return [...lines.slice(0, room - 1), last]
}

function threatCard(threat: Threat | undefined, w: number, h: number): string {
  const info = threat ? STRIDE_INFO[threat.category as StrideCategory] : undefined
  const color = info?.color ?? '#98a2b3'
  const title = threat ? clip(threat.title) || '(untitled threat)' : 'Threat deleted'
  // Two lines on a card of the board's size (64 tall), more on a taller one.
  const lines = linesThatFit(title, w - 52, 12.5, true, Math.max(2, Math.floor((h - 34) / 15.6)))
  const height = Math.max(h, 14 + lines.length * 15.6 + 20)
  const parts = [
    `<rect x="0" y="0" width="${num(w)}" height="${num(height)}" rx="8" fill="#ffffff" stroke="${color}"/>`,
    `<rect x="0" y="0" width="5" height="${num(height)}" fill="${color}"/>`,
    `<rect x="12" y="7" width="24" height="${num(Math.min(height - 14, 40))}" rx="4" fill="${color}"/>`,
    textLines(24, 24, [info?.letter ?? '?'], { size: 14, fill: '#ffffff', weight: 800 }),
    textLines(44, 19, lines, { size: 12.5, fill: '#101828', weight: 650, anchor: 'start' }),
  ]
  if (threat && info) {
    const y = height - 8
    const sev = SEVERITY_STYLE[threat.severity] ?? SEVERITY_STYLE.low!
    const sevText = label(threat.severity)
    const sevW = textWidth(sevText, 10.5, true) + 12
    const pillX = w - sevW - 8
    parts.push(
      // The category's name in what the pill leaves of the row (6 units apart).
      textLines(44, y, [fitLine(info.label, pillX - 6 - 44, 10.5, true)], {
        size: 10.5,
        fill: color,
        weight: 600,
        anchor: 'start',
      }),
      `<rect x="${num(pillX)}" y="${num(y - 11)}" width="${num(sevW)}" height="15" rx="7.5" fill="${sev.fill}"/>`,
      textLines(pillX + sevW / 2, y, [sevText], { size: 10.5, fill: sev.ink, weight: 650 }),
    )
  }
  return parts.join('')
}

function assetPin(asset: Asset | undefined, w: number, h: number): string {
  const color = (asset && SENSITIVITY_COLOR[asset.sensitivity]) ?? '#667085'
  const name = asset ? clip(asset.name) || '(unnamed asset)' : 'Asset removed'
  const level = asset ? asset.sensitivity.toUpperCase() : ''
  const levelW = level ? textWidth(level, 9) + 12 : 0
  // One line on a pin of the board's size (28 tall), as the board shows it.
  const lines = linesThatFit(
    name,
    w - 34 - levelW,
    11,
    false,
    Math.max(1, Math.floor((h - 10) / 13.75)),
  )
  const height = Math.max(h, lines.length * 13.75 + 10)
  const parts = [
    `<rect x="0" y="0" width="${num(w)}" height="${num(height)}" rx="${num(Math.min(height, h) / 2)}" fill="#ffffff" stroke="${color}" stroke-width="1.5"/>`,
    `<path transform="translate(9 ${num(height / 2 - 6)})" d="M6 0.8 10.5 3.2v3.1c0 2.6-1.9 4.4-4.5 5-2.6-.6-4.5-2.4-4.5-5V3.2Z" fill="${color}"/>`,
    textLines(26, height / 2 - (lines.length * 13.75) / 2 + 10, lines, {
      size: 11,
      fill: '#101828',
      weight: 600,
      anchor: 'start',
    }),
  ]
  if (level) {
    parts.push(
      `<rect x="${num(w - levelW - 4)}" y="${num(height / 2 - 8)}" width="${num(levelW)}" height="16" rx="8" fill="${color}"/>`,
      textLines(w - 4 - levelW / 2, height / 2 + 3, [level], { size: 9, fill: '#ffffff' }),
    )
  }
  return parts.join('')
}

/** Any other tldraw shape with a box (geo, note, frame, text…): its outline and its label. */
function otherBox(record: JsonRecord, props: Record<string, unknown>, w: number, h: number) {
  const text = clip(labelOf(props) || (typeof props.name === 'string' ? props.name : ''))
  const outline =
    record.type === 'text'
      ? ''
      : props.geo === 'ellipse'
        ? `<ellipse cx="${num(w / 2)}" cy="${num(h / 2)}" rx="${num(w / 2)}" ry="${num(h / 2)}" fill="#ffffff" stroke="#475467" stroke-width="1.5"/>`
        : `<rect x="0" y="0" width="${num(w)}" height="${num(h)}" fill="${record.type === 'note' ? '#fef7c3' : '#ffffff'}" stroke="#475467" stroke-width="1.5"/>`
  return (
    outline +
    centredText(w / 2, h / 2, text, Math.max(w - 16, 40), { size: 13, fill: '#101828' }).svg
  )
}

/** A trust boundary imported as a curve (Threat Dragon): a dashed red line through its points. */
function boundaryLine(frame: Frame, props: Record<string, unknown>, name: string): Drawn | null {
  const raw = props.points && typeof props.points === 'object' ? Object.values(props.points) : []
  const points = (raw as { x?: unknown; y?: unknown; index?: unknown }[])
    .filter((p) => typeof p?.x === 'number' && typeof p?.y === 'number')
    .sort((a, b) => (String(a.index) < String(b.index) ? -1 : 1))
    .slice(0, 500)
    .map((p) => toPage(frame, { x: p.x as number, y: p.y as number }))
  if (points.length < 2) return null
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${num(p.x)} ${num(p.y)}`).join(' ')
  const title = clip(name) || 'Trust boundary'
  return {
    svg:
      `<path d="${d}" fill="none" stroke="#d92d20" stroke-width="2" stroke-dasharray="8 6"/>` +
      textLines(points[0]!.x + 6, points[0]!.y - 8, wrap(title, 240, 12), {
        size: 12,
        fill: '#b42318',
        weight: 650,
        anchor: 'start',
      }),
    extent: points,
  }
}

/**
 * Draws one shape (everything but data flows) as the board shows it: DFD elements with their
 * outline and name, trust boundaries as dashed regions, threat cards with their STRIDE letter,
 * title and severity, asset pins with their asset's name. Returns null for shapes with nothing
 * to draw (groups, freehand lines, images: a report never embeds a file).
 */
export function drawShape(record: JsonRecord, frame: Frame, ctx: ShapeContext): Drawn | null {
  const props = (record.props ?? {}) as Record<string, unknown>
  const meta = (record.meta ?? {}) as Record<string, unknown>
  if (record.type === 'line') {
    const tb = meta.trustBoundary as { name?: unknown } | undefined
    return tb && typeof tb === 'object' ? boundaryLine(frame, props, String(tb.name ?? '')) : null
  }
  // tldraw's notes are 200 square (plus what they grew), its text shapes as tall as their text.
  const boxW = record.type === 'note' ? 200 : props.w
  const boxH =
    record.type === 'note' ? 200 + finiteOr(props.growY, 0) : record.type === 'text' ? 24 : props.h
  if (typeof boxW !== 'number' || typeof boxH !== 'number') return null
  const w = size(boxW, 1)
  const h = size(boxH, 1)
  let body: string
  let height = h
  switch (record.type) {
    case 'dfd-node':
      body = dfdNode(props, w, h)
      break
    case 'trust-boundary':
      body = trustBoundary(String(props.name ?? ''), w, h)
      break
    case 'threat-card':
      body = threatCard(ctx.threats.get(String(props.threatId)), w, h)
      height = Math.max(h, 90)
      break
    case 'asset-pin':
      body = assetPin(ctx.assets.get(String(props.assetId)), w, h)
      height = Math.max(h, 60)
      break
    case 'image':
    case 'video':
    case 'bookmark':
    case 'embed':
    case 'group':
    case 'draw':
    case 'highlight':
      return null
    default:
      body = otherBox(record, props, w, h)
  }
  return { svg: placed(frame, body), extent: corners(frame, w, height) }
}
