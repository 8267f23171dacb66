/** The board's shapes' text face, the same in the DOM (shapes.css) and in exported SVG. */
export const SHAPE_FONT = "Inter, system-ui, 'Segoe UI', Roboto, sans-serif"

let context: CanvasRenderingContext2D | null | undefined
/** The font last set on the context: setting one parses it, even when it is the same. */
let contextFont = ''

/**
 * Width of `text` in the shapes' face, unkerned as the board draws it (board.css); a rough
 * estimate where no canvas exists (tests). An exported SVG, drawn kerned, is no wider.
 */
export function textWidth(text: string, px: number, weight = 400): number {
  if (context === undefined) {
    context =
      typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d')
    if (context) context.fontKerning = 'none'
  }
  if (!context) return text.length * px * 0.56
  const font = `${weight} ${px}px ${SHAPE_FONT}`
  if (font !== contextFont) {
    context.font = font
    contextFont = font
  }
  return context.measureText(text).width
}

/** `word` cut into pieces no wider than `maxWidth` (each at least one character). */
function breakWord(word: string, px: number, weight: number, maxWidth: number): string[] {
  const pieces: string[] = []
  let piece = ''
  for (const ch of word) {
    if (piece && textWidth(piece + ch, px, weight) > maxWidth) {
      pieces.push(piece)
      piece = ch
    } else piece += ch
  }
  if (piece) pieces.push(piece)
  return pieces
}

/**
 * Breaks `text` into lines no wider than `maxWidth`, between words, and inside a word only when
 * the word alone is wider than a line (a pasted URL or token). After `maxLines` lines the rest
 * is cut with an ellipsis.
 */
export function wrapText(
  text: string,
  opts: { px: number; weight?: number; maxWidth: number; maxLines?: number },
): string[] {
  const { px, weight = 400, maxWidth, maxLines = Infinity } = opts
  const lines: string[] = []
  let line = ''
  for (const whole of text.trim().split(/\s+/)) {
    const pieces =
      textWidth(whole, px, weight) > maxWidth ? breakWord(whole, px, weight, maxWidth) : [whole]
    for (const word of pieces) {
      const next = line ? `${line} ${word}` : word
      if (line && textWidth(next, px, weight) > maxWidth) {
        lines.push(line)
        line = word
      } else line = next
    }
  }
  if (line) lines.push(line)
  if (lines.length <= maxLines) return lines
  const kept = lines.slice(0, maxLines)
  let last = `${kept[maxLines - 1]} ${lines[maxLines]}`
  while (last.length > 1 && textWidth(`${last}…`, px, weight) > maxWidth) last = last.slice(0, -1)
  kept[maxLines - 1] = `${last.trimEnd()}…`
  return kept
}

/** Lines of text in an exported shape, each a `<tspan>`, the first baseline at `y`. */
export function SvgLines({
  lines,
  x,
  y,
  px,
  weight = 400,
  fill,
  anchor = 'start',
  lineHeight = 1.25,
}: {
  lines: string[]
  x: number
  y: number
  px: number
  weight?: number
  fill: string
  anchor?: 'start' | 'middle' | 'end'
  lineHeight?: number
}) {
  return (
    <text
      x={x}
      y={y}
      fontFamily={SHAPE_FONT}
      fontSize={px}
      fontWeight={weight}
      fill={fill}
      textAnchor={anchor}
    >
      {lines.map((line, i) => (
        <tspan key={i} x={x} dy={i === 0 ? 0 : px * lineHeight}>
          {line}
        </tspan>
      ))}
    </text>
  )
}
