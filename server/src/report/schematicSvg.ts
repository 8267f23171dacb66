import { STRIDE_INFO, type JsonRecord, type StrideCategory, type Threat } from '@threatboard/shared'
import { labelOf } from './buildReport.ts'
import { html } from './renderHtml.ts'

interface Box {
  x: number
  y: number
  w: number
  h: number
}

/** Page position of a shape: its own x/y plus its parents' (rotation is not drawn). */
function pageBox(record: JsonRecord, byId: Map<string, JsonRecord>): Box {
  let x = Number(record.x) || 0
  let y = Number(record.y) || 0
  let parent = byId.get(String(record.parentId))
  for (let depth = 0; parent && parent.typeName === 'shape' && depth < 50; depth++) {
    x += Number(parent.x) || 0
    y += Number(parent.y) || 0
    parent = byId.get(String(parent.parentId))
  }
  const props = (record.props ?? {}) as Record<string, unknown>
  return { x, y, w: Number(props.w) || 0, h: Number(props.h) || 0 }
}

const text = (x: number, y: number, value: string, attrs = '') =>
  value
    ? `<text x="${x}" y="${y}" text-anchor="middle" ${attrs}>${html(value.slice(0, 80))}</text>`
    : ''

/**
 * A schematic of the board drawn by the server from the records alone (boxes, regions, arrows
 * and labels), for reports of a board nobody has exported from a browser yet. All text is
 * escaped; the SVG has no scripts, links or external references.
 */
export function schematicSvg(records: JsonRecord[], threats: Threat[]): string | null {
  const shapes = records.filter((r) => r.typeName === 'shape')
  if (shapes.length === 0) return null
  const byId = new Map(records.map((r) => [r.id, r]))
  const threatById = new Map(threats.map((t) => [t.id, t]))
  const back: string[] = []
  const front: string[] = []
  const boxes: Box[] = []
  for (const shape of shapes) {
    const props = (shape.props ?? {}) as Record<string, unknown>
    const b = pageBox(shape, byId)
    const cx = b.x + b.w / 2
    const cy = b.y + b.h / 2
    if (shape.type === 'arrow') {
      const start = props.start as { x: number; y: number } | undefined
      const end = props.end as { x: number; y: number } | undefined
      if (!start || !end) continue
      const [x1, y1, x2, y2] = [b.x + start.x, b.y + start.y, b.x + end.x, b.y + end.y]
      boxes.push({
        x: Math.min(x1, x2),
        y: Math.min(y1, y2),
        w: Math.abs(x2 - x1),
        h: Math.abs(y2 - y1),
      })
      front.push(
        `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#1d2433" stroke-width="2" marker-end="url(#arrow)"/>`,
      )
      front.push(
        text((x1 + x2) / 2, (y1 + y2) / 2 - 6, labelOf(props), 'font-size="12" fill="#374151"'),
      )
      continue
    }
    if (b.w <= 0 || b.h <= 0) continue
    boxes.push(b)
    const name = typeof props.name === 'string' ? props.name : labelOf(props)
    if (shape.type === 'trust-boundary') {
      back.push(
        `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" fill="none" stroke="#b42318" stroke-width="2" stroke-dasharray="10 6"/>`,
      )
      back.push(
        `<text x="${b.x + 8}" y="${b.y + 18}" font-size="13" fill="#b42318">${html(name.slice(0, 80))}</text>`,
      )
    } else if (shape.type === 'threat-card') {
      const threat = threatById.get(String(props.threatId))
      const info = threat ? STRIDE_INFO[threat.category as StrideCategory] : undefined
      front.push(
        `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6" fill="#fff" stroke="${info?.color ?? '#6b7280'}" stroke-width="2"/>`,
      )
      front.push(
        text(cx, cy + 5, `${info?.letter ?? '?'} ${threat?.title ?? ''}`, 'font-size="11"'),
      )
    } else {
      const round = shape.type === 'dfd-node' && props.kind === 'process'
      const ellipse = shape.type === 'geo' && props.geo === 'ellipse'
      front.push(
        ellipse || round
          ? `<ellipse cx="${cx}" cy="${cy}" rx="${b.w / 2}" ry="${b.h / 2}" fill="#fff" stroke="#1d2433" stroke-width="2"/>`
          : `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" fill="#fff" stroke="#1d2433" stroke-width="2"/>`,
      )
      front.push(text(cx, cy + 5, name, 'font-size="14"'))
    }
  }
  if (boxes.length === 0) return null
  const minX = Math.min(...boxes.map((b) => b.x)) - 20
  const minY = Math.min(...boxes.map((b) => b.y)) - 20
  const maxX = Math.max(...boxes.map((b) => b.x + b.w)) + 20
  const maxY = Math.max(...boxes.map((b) => b.y + b.h)) + 20
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${minX} ${minY} ${maxX - minX} ${maxY - minY}" font-family="sans-serif">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1d2433"/></marker></defs>
<rect x="${minX}" y="${minY}" width="${maxX - minX}" height="${maxY - minY}" fill="#fff"/>
${back.join('\n')}
${front.join('\n')}
</svg>`
}
