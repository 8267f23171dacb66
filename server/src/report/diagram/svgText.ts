/** Longest text drawn for any one label on the diagram; longer text ends with "…". */
export const MAX_TEXT_CHARS = 300

/**
 * Characters XML 1.0 forbids (C0 controls but tab and newline, U+FFFE/U+FFFF, lone
 * surrogates): one of them would make the whole SVG unreadable, so they are dropped.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- finding these characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** User text made safe for SVG element content and attribute values. */
export function xml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** User text as one line of at most `max` characters (whitespace runs folded). */
export function clip(text: unknown, max = MAX_TEXT_CHARS): string {
  const s = (typeof text === 'string' ? text : '').replace(/\s+/g, ' ').trim()
  return s.length > max ? `${s.slice(0, max - 1)}…` : s
}

/** A number fit for an SVG attribute: finite, bounded, one decimal. */
export function num(value: number): string {
  const n = Number.isFinite(value) ? Math.max(-1e7, Math.min(1e7, value)) : 0
  return String(Math.round(n * 10) / 10)
}

/** Approximate advance of one character of the sans-serif face, in ems. */
const CHAR_EM = 0.56

/**
 * Approximate advance of one bold character, with a margin. The PDF draws with DejaVu Sans where
 * the system has it, whose bold lowercase averages about 0.58 em: estimated at the regular 0.56, a
 * card's bold title ran into its border and its category name into its severity pill.
 */
const BOLD_CHAR_EM = 0.62

const charEm = (bold: boolean) => (bold ? BOLD_CHAR_EM : CHAR_EM)

/**
 * Breaks text into lines that fit `width` at `fontSize`, at spaces where it can and inside a
 * word only when the word alone is too long. Nothing is dropped: a long name takes more lines.
 * Widths are estimated (no font metrics on the server), which is close enough for labels.
 */
export function wrap(text: string, width: number, fontSize: number, bold = false): string[] {
  const perLine = Math.max(4, Math.floor(width / (fontSize * charEm(bold))))
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (!word) continue
    let rest = word
    while (rest.length > perLine) {
      const room = line ? perLine - line.length - 1 : perLine
      if (room >= 4) {
        lines.push(line ? `${line} ${rest.slice(0, room)}` : rest.slice(0, room))
        rest = rest.slice(room)
      } else {
        lines.push(line)
      }
      line = ''
    }
    if (!line) line = rest
    else if (line.length + 1 + rest.length <= perLine) line = `${line} ${rest}`
    else {
      lines.push(line)
      line = rest
    }
  }
  if (line) lines.push(line)
  return lines
}

export interface TextOptions {
  size: number
  fill: string
  weight?: number
  anchor?: 'start' | 'middle' | 'end'
  /** Extra attributes, trusted (never user text). */
  attrs?: string
}

/** `text` on one line of at most `width`, cut with an ellipsis when it is longer. */
export function fitLine(text: string, width: number, fontSize: number, bold = false): string {
  const fits = Math.floor(width / (fontSize * charEm(bold)))
  const chars = [...text]
  if (chars.length <= fits) return text
  if (fits < 2) return ''
  const kept = chars.slice(0, fits - 1).join('')
  return `${kept.trimEnd()}…`
}

/** Estimated width of a line of text, for the backgrounds drawn behind labels. */
export function textWidth(text: string, size: number, bold = false): number {
  return [...text].length * size * charEm(bold)
}

/**
 * Lines of escaped text, the first baseline at `y`, one `<tspan>` per line. Renderers that
 * cannot wrap (PDF, image viewers) still show every line.
 */
export function textLines(x: number, y: number, lines: string[], o: TextOptions): string {
  if (lines.length === 0) return ''
  const lineHeight = o.size * 1.25
  const spans = lines
    .map((l, i) => `<tspan x="${num(x)}" y="${num(y + i * lineHeight)}">${xml(l)}</tspan>`)
    .join('')
  // `bold` rather than a number: the PDF renderer only knows bold or not.
  const weight = o.weight && o.weight >= 600 ? ' font-weight="bold"' : ''
  return `<text font-size="${o.size}" fill="${o.fill}"${weight} text-anchor="${o.anchor ?? 'middle'}"${o.attrs ? ` ${o.attrs}` : ''}>${spans}</text>`
}

/** Text wrapped to `width` and centred vertically on `cy` (first baseline computed). */
export function centredText(
  cx: number,
  cy: number,
  text: string,
  width: number,
  o: TextOptions,
): { svg: string; lines: string[] } {
  const lines = wrap(text, width, o.size)
  const lineHeight = o.size * 1.25
  const top = cy - (lines.length * lineHeight) / 2 + o.size * 0.9
  return { svg: textLines(cx, top, lines, o), lines }
}
