import type { JsonRecord } from '@threatboard/shared/doc/recordMaps.ts'
import { count } from '@threatboard/shared/text/count.ts'
import type { Asset } from '@threatboard/shared/domain/asset.ts'
import type { Threat } from '@threatboard/shared/domain/threat.ts'
import type { ReportDiagramPage } from './ReportDiagram.ts'
import { anchoredFrames } from './diagram/anchoredFrames.ts'
import { drawFlow } from './diagram/drawFlow.ts'
import { drawShape, type ShapeContext } from './diagram/drawShape.ts'
import type { Terminal } from './diagram/flowPath.ts'
import { resolveFrames, type Frame, type Point } from './diagram/pageFrame.ts'
import { clip, num, textLines } from './diagram/svgText.ts'

/** Most shapes drawn on one page; the rest are counted in a note on the drawing. */
export const MAX_SHAPES_PER_PAGE = 2000
/** Most shapes drawn over all pages, so a report's drawings stay a bounded size. */
export const MAX_SHAPES_TOTAL = 4000
/** Most pages drawn (tldraw itself allows 40). */
export const MAX_PAGES = 40
/** Margin around the drawn shapes, in SVG units. */
const MARGIN = 40

const byIndex = (a: JsonRecord, b: JsonRecord) => {
  const x = String(a.index ?? '')
  const y = String(b.index ?? '')
  return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1
}

/** The shapes of one page in the order the board paints them: siblings by index, children over their parent. */
function paintOrder(pageId: string, children: Map<string, JsonRecord[]>): JsonRecord[] {
  const out: JsonRecord[] = []
  const stack: JsonRecord[] = [...(children.get(pageId) ?? [])].reverse()
  while (stack.length) {
    const shape = stack.pop()!
    out.push(shape)
    const kids = children.get(shape.id)
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!)
  }
  return out
}

/** The arrow bindings of each arrow, by terminal. */
function arrowBindings(
  records: JsonRecord[],
): Map<string, { start?: JsonRecord; end?: JsonRecord }> {
  const out = new Map<string, { start?: JsonRecord; end?: JsonRecord }>()
  for (const r of records) {
    if (r.typeName !== 'binding' || r.type !== 'arrow') continue
    const terminal = (r.props as { terminal?: unknown } | undefined)?.terminal
    if (terminal !== 'start' && terminal !== 'end') continue
    const ends = out.get(String(r.fromId)) ?? {}
    ends[terminal] = r
    out.set(String(r.fromId), ends)
  }
  return out
}

function svgDocument(
  body: string[],
  extent: Point[],
  note: string,
): Omit<ReportDiagramPage, 'pageId' | 'pageName'> {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const p of extent) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue
    minX = Math.min(minX, p.x)
    minY = Math.min(minY, p.y)
    maxX = Math.max(maxX, p.x)
    maxY = Math.max(maxY, p.y)
  }
  if (minX > maxX) [minX, minY, maxX, maxY] = [0, 0, 400, 100]
  minX -= MARGIN
  minY -= MARGIN + (note ? 30 : 0)
  maxX += MARGIN
  maxY += MARGIN
  const width = Math.max(maxX - minX, 1)
  const height = Math.max(maxY - minY, 1)
  const noteSvg = note
    ? textLines(minX + MARGIN, minY + 28, [note], {
        size: 16,
        fill: '#b42318',
        weight: 700,
        anchor: 'start',
      })
    : ''
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="${num(minX)} ${num(minY)} ${num(width)} ${num(height)}" font-family="Helvetica, Arial, sans-serif">` +
    `<rect x="${num(minX)}" y="${num(minY)}" width="${num(width)}" height="${num(height)}" fill="#ffffff"/>` +
    body.join('') +
    noteSvg +
    '</svg>'
  return { svg, width, height }
}

/**
 * Draws the board from the room's records, one self-contained SVG per tldraw page that has
 * shapes: DFD elements, trust boundaries, data flows along their bindings to where the elements
 * are now (bent, labelled, with their flag badges), threat cards and asset pins with the
 * model's titles and names. Every string is escaped and nothing is referenced from outside, so
 * the result can be embedded anywhere. Drawing is bounded: past `MAX_SHAPES_PER_PAGE` shapes on
 * a page (or `MAX_SHAPES_TOTAL` in all, or past `MAX_PAGES` pages) the rest are counted in a
 * note instead of drawn.
 */
export function drawDiagrams(
  records: JsonRecord[],
  threats: Threat[],
  assets: Asset[],
): ReportDiagramPage[] {
  const pages = records.filter((r) => r.typeName === 'page').sort(byIndex)
  const shapes = records.filter((r) => r.typeName === 'shape')
  const frames = resolveFrames(shapes, new Set(pages.map((p) => p.id)))
  const byId = new Map(shapes.map((s) => [s.id, s]))
  const children = new Map<string, JsonRecord[]>()
  for (const s of shapes) {
    if (!frames.has(s.id)) continue
    const parent = String(s.parentId)
    const list = children.get(parent)
    if (list) list.push(s)
    else children.set(parent, [s])
  }
  for (const list of children.values()) list.sort(byIndex)
  const bindings = arrowBindings(records)
  const anchored = anchoredFrames(byId, records, frames, bindings)
  const ctx: ShapeContext = {
    threats: new Map(threats.map((t) => [t.id, t])),
    assets: new Map(assets.map((a) => [a.id, a])),
  }
  const terminal = (binding: JsonRecord | undefined): Terminal => {
    const target = binding ? byId.get(String(binding.toId)) : undefined
    const placed = target ? frames.get(target.id) : undefined
    return target && placed ? { binding, target: { record: target, frame: placed.frame } } : {}
  }

  const withShapes = pages
    .map((page) => ({ page, onPage: paintOrder(page.id, children) }))
    .filter((p) => p.onPage.length > 0)
  let budget = MAX_SHAPES_TOTAL
  const out: ReportDiagramPage[] = []
  for (const [i, { page, onPage }] of withShapes.entries()) {
    if (budget === 0 || out.length === MAX_PAGES) break
    const cap = Math.min(MAX_SHAPES_PER_PAGE, budget)
    const drawnShapes = onPage.slice(0, cap)
    budget -= drawnShapes.length
    const body: string[] = []
    const extent: Point[] = []
    for (const shape of drawnShapes) {
      const frame: Frame = anchored.get(shape.id) ?? frames.get(shape.id)!.frame
      const ends = shape.type === 'arrow' ? bindings.get(shape.id) : undefined
      const drawn =
        shape.type === 'arrow'
          ? drawFlow(shape, frame, terminal(ends?.start), terminal(ends?.end))
          : drawShape(shape, frame, ctx)
      if (!drawn) continue
      body.push(drawn.svg)
      extent.push(...drawn.extent)
    }
    const notes: string[] = []
    const left = onPage.length - drawnShapes.length
    if (left) {
      notes.push(
        `${count(left, 'more shape')} not drawn (a report draws at most ${cap.toLocaleString('en-US')} on this page)`,
      )
    }
    const lastDrawn = budget === 0 || out.length + 1 === MAX_PAGES
    const pagesLeft = withShapes.length - i - 1
    if (lastDrawn && pagesLeft > 0) notes.push(`${count(pagesLeft, 'more page')} not drawn`)
    out.push({
      pageId: page.id,
      pageName: clip(page.name, 100) || 'Page',
      ...svgDocument(body, extent, notes.join('; ')),
    })
  }
  return out
}
