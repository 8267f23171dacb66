import {
  ArrowShapeUtil,
  Group2d,
  toRichText,
  type SvgExportContext,
  type TLArrowShape,
} from 'tldraw'
import { readDataFlowMeta } from '@threatboard/shared'
import { SvgLines, textWidth, wrapText } from '../common/svgText.tsx'

/** The badges a flow shows (FlowBadges.tsx draws them on the canvas). */
export function flowBadgeTexts(meta: unknown): { texts: string[]; risky: boolean } | undefined {
  const flow = readDataFlowMeta(meta)
  if (!flow || !(flow.protocol || flow.encrypted || flow.publicNetwork)) return undefined
  const texts = [
    ...(flow.protocol ? [flow.protocol] : []),
    flow.encrypted ? 'encrypted' : 'not encrypted',
    ...(flow.publicNetwork ? ['public network'] : []),
  ]
  return { texts, risky: flow.publicNetwork && !flow.encrypted }
}

const LABEL_PX = 14

/**
 * tldraw's arrow, as the board's data flow. Drawn and edited as tldraw draws it; exported as
 * plain SVG: the label as SVG text (tldraw's own label is HTML in a foreignObject, which PDF
 * renderers and image viewers drop) and the flow's badges above its middle.
 */
export class DataFlowShapeUtil extends ArrowShapeUtil {
  override toSvg(shape: TLArrowShape, ctx: SvgExportContext) {
    const label = this.getText(shape)?.trim() ?? ''
    const line = super.toSvg({ ...shape, props: { ...shape.props, richText: toRichText('') } }, ctx)
    const geometry = this.editor.getShapeGeometry(shape)
    const labelBox =
      geometry instanceof Group2d ? geometry.children.find((c) => c.isLabel)?.bounds : undefined
    const bounds = geometry.bounds
    const mid = labelBox
      ? { x: labelBox.midX, y: labelBox.midY }
      : { x: bounds.midX, y: bounds.midY }
    const lines = label
      ? wrapText(label, { px: LABEL_PX, maxWidth: Math.max(labelBox?.width ?? 0, 120) })
      : []
    const labelW = Math.max(0, ...lines.map((l) => textWidth(l, LABEL_PX))) + 12
    const labelH = lines.length * LABEL_PX * 1.3 + 6
    const badges = flowBadgeTexts(shape.meta)
    return (
      <g>
        {line}
        {lines.length > 0 && (
          <g>
            <rect
              x={mid.x - labelW / 2}
              y={mid.y - labelH / 2}
              width={labelW}
              height={labelH}
              rx={4}
              fill="#ffffff"
              fillOpacity={0.92}
            />
            <SvgLines
              lines={lines}
              x={mid.x}
              y={mid.y - labelH / 2 + 3 + LABEL_PX}
              px={LABEL_PX}
              lineHeight={1.3}
              fill="#1d2939"
              anchor="middle"
            />
          </g>
        )}
        {badges && <BadgesSvg x={mid.x} y={mid.y - labelH / 2 - 22} {...badges} />}
      </g>
    )
  }
}

function BadgesSvg({
  x,
  y,
  texts,
  risky,
}: {
  x: number
  y: number
  texts: string[]
  risky: boolean
}) {
  const widths = texts.map((t) => textWidth(t, 11, 600) + 14)
  const total = widths.reduce((a, b) => a + b, 0) + 4 * (texts.length - 1)
  const fill = risky ? '#fef3f2' : '#eef4ff'
  const stroke = risky ? '#fecdca' : '#c7d7fe'
  const ink = risky ? '#b42318' : '#1e40af'
  const lefts = widths.map(
    (_, i) => x - total / 2 + widths.slice(0, i).reduce((a, b) => a + b + 4, 0),
  )
  return (
    <g>
      {texts.map((text, i) => {
        const w = widths[i]!
        const at = lefts[i]!
        return (
          <g key={text}>
            <rect x={at} y={y} width={w} height={17} rx={8.5} fill={fill} stroke={stroke} />
            <SvgLines
              lines={[text]}
              x={at + w / 2}
              y={y + 12.5}
              px={11}
              weight={600}
              fill={ink}
              anchor="middle"
            />
          </g>
        )
      })}
    </g>
  )
}
