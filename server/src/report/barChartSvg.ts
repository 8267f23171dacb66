import { html } from './htmlText.ts'

export interface Bar {
  label: string
  value: number
  color: string
}

/**
 * A small horizontal bar chart as inline SVG (the report page's CSP allows no script and no
 * fetch; inline SVG needs neither). One row per bar: label, bar scaled to the largest value,
 * the value.
 */
export function barChartSvg(title: string, bars: Bar[], width = 300): string {
  const row = 20
  const labelW = 150
  const barMax = width - labelW - 30
  const max = Math.max(1, ...bars.map((b) => b.value))
  const height = bars.length * row + 24
  const rows = bars.map((b, i) => {
    const y = 22 + i * row
    const w = Math.round((b.value / max) * barMax)
    return (
      `<text x="0" y="${y + 12}" font-size="12" fill="#1d2433">${html(b.label)}</text>` +
      `<rect x="${labelW}" y="${y + 2}" width="${Math.max(w, b.value > 0 ? 2 : 0)}" height="${row - 6}" rx="2" fill="${b.color}"/>` +
      `<text x="${labelW + w + 5}" y="${y + 12}" font-size="12" fill="#1d2433">${b.value}</text>`
    )
  })
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${html(title)}"><title>${html(title)}</title><text x="0" y="13" font-size="12" font-weight="600" fill="#5b6475">${html(title)}</text>${rows.join('')}</svg>`
}
