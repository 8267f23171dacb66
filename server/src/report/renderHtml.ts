import { PRIORITIES, PRIORITY_MEANING } from '@threatboard/shared/domain/recommendation.ts'
import { STRIDE_INFO } from '@threatboard/shared/domain/stride.ts'
import type { Report } from './buildReport.ts'
import { html } from './htmlText.ts'
import { htmlSummary } from './htmlSummary.ts'
import {
  allAnsweredText,
  aboutLine,
  categoryLabel,
  DEFAULT_RENDER,
  diagramLine,
  label,
  versionLine,
  when,
  yesNo,
  type RenderOptions,
} from './text.ts'

export { html } from './htmlText.ts'

/**
 * The page allows nothing but its own inline styles and data: images: no script runs and
 * nothing is fetched, even if an SVG or a user string tried.
 */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

const STYLE = `
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2433; max-width: 960px; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #e3e6ec; padding-bottom: 0.2rem; margin-top: 2rem; }
.meta { color: #5b6475; } table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #d7dbe3; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f5f8; } .badge { display: inline-block; padding: 0 0.45rem; border-radius: 999px; font-size: 0.8rem; font-weight: 600; }
.sev-critical { background: #fde2e1; color: #9b1c1c; } .sev-high { background: #feead6; color: #9a3412; }
.sev-medium { background: #fef6d3; color: #854d0e; } .sev-low { background: #e0f2e9; color: #166534; }
.letter { display: inline-block; width: 1.6rem; height: 1.6rem; line-height: 1.6rem; text-align: center; color: #fff; border-radius: 4px; font-weight: 700; margin-right: 0.4rem; }
.callout { border-left: 4px solid #c2410c; background: #fff7ed; padding: 0.5rem 0.8rem; }
.hint { border: 2px dashed #7c3aed; border-radius: 6px; padding: 0.4rem 0.7rem; margin: 0.4rem 0; }
.diagram { border: 1px solid #d7dbe3; max-width: 100%; } .diagram.small { max-height: 300px; } .muted { color: #5b6475; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem 2.5rem; margin: 0.5rem 0; } .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 0 2rem; }
.columns h3 { font-size: 1rem; margin-bottom: 0.2rem; } .columns ul { margin-top: 0.2rem; padding-left: 1.2rem; }
.review-reviewed { color: #166534; font-weight: 600; } .review-changes-requested { color: #9a3412; font-weight: 600; } .review-not-reviewed { color: #5b6475; }
.review-note { margin: -0.4em 0 0.8em 1em; font-style: italic; } .lines { white-space: pre-line; }
@media print { body { margin: 0; max-width: none; } h2, h3 { break-after: avoid; } tr, li, .hint, .callout, figure { break-inside: avoid; } a { color: inherit; } .page-break { break-after: page; } }
`

const badge = (severity: string) => `<span class="badge sev-${severity}">${label(severity)}</span>`
const ul = (items: string[]) =>
  items.length
    ? `<ul>${items.map((i) => `<li>${html(i)}</li>`).join('')}</ul>`
    : '<p class="muted">(none listed)</p>'
/** A table's header row, which a printed table repeats at the top of each page it runs onto. */
const thead = (cells: string[]) =>
  `<thead><tr>${cells.map((c) => `<th>${c}</th>`).join('')}</tr></thead>`
/** Text typed on several lines (a textarea's), its line breaks kept. */
const lines = (text: string) => `<span class="lines">${html(text)}</span>`
const link = (url: string) => `<a href="${html(url)}" rel="noreferrer noopener">${html(url)}</a>`

/** An image of one page of the board; its SVG cannot run script as an <img> under the CSP. */
function figure(d: Report['diagrams'][number], small: boolean, caption: boolean): string {
  const data = Buffer.from(d.svg, 'utf8').toString('base64')
  return (
    `<figure><img class="diagram${small ? ' small' : ''}" alt="Diagram of ${html(d.pageName)}" ` +
    `width="${Math.round(d.width)}" height="${Math.round(d.height)}" style="width:100%;height:auto" src="data:image/svg+xml;base64,${data}">` +
    (caption ? `<figcaption class="muted">${html(d.pageName)}</figcaption>` : '') +
    '</figure>'
  )
}

function inventory(r: Report): string {
  const inv = r.inventory
  const boundary = new Map(inv.boundaries.map((b) => [b.id, b.name]))
  const paged = inv.pages.length > 1
  const cell = (s: string) => `<td>${s ? html(s) : '—'}</td>`
  const parts = ['<h2>Inventory</h2>', '<h3>Elements</h3>']
  parts.push(
    inv.elements.length
      ? `<table>${thead(['Element', 'Kind', 'In scope', 'Trust boundary', 'Pinned assets', ...(paged ? ['Page'] : [])])}${inv.elements
          .map(
            (e) =>
              `<tr>${cell(e.name || label(e.kind))}<td>${label(e.kind)}</td><td>${yesNo(e.inScope)}</td>` +
              `${cell(e.boundaryId ? (boundary.get(e.boundaryId) ?? '') : '')}${cell(e.assets.join(', '))}${paged ? cell(e.page) : ''}</tr>`,
          )
          .join('')}</table>`
      : '<p class="muted">No elements on the board.</p>',
  )
  parts.push('<h3>Data flows</h3>')
  parts.push(
    inv.flows.length
      ? `<table>${thead(['Flow', 'From → to', 'Protocol', 'Encrypted', 'Public network', 'In scope', ...(paged ? ['Page'] : [])])}${inv.flows
          .map(
            (f) =>
              `<tr>${cell(f.label)}<td>${html(f.from)} ${f.bidirectional ? '↔' : '→'} ${html(f.to)}</td>${cell(f.protocol)}` +
              `<td>${yesNo(f.encrypted)}</td><td>${yesNo(f.publicNetwork)}</td><td>${yesNo(f.inScope)}</td>${paged ? cell(f.page) : ''}</tr>`,
          )
          .join('')}</table>`
      : '<p class="muted">No data flows on the board.</p>',
  )
  return parts.join('\n')
}

/**
 * The report as one self-contained, print-ready HTML page. The summary comes first; `summary`
 * (and `ticket`, whose printed form is the same page) stops after it with the first page of
 * the diagram; `full` goes on with every page of the diagram, the inventory and the details.
 */
export function renderHtml(r: Report, opts: RenderOptions = DEFAULT_RENDER): string {
  const tz = opts.timeZone
  const full = opts.layout === 'full'
  const parts: string[] = []
  const p = (x: string) => parts.push(x)
  p(
    `<h1>${html(r.title)}</h1><p class="meta">Threat model report · generated ${html(when(r.generatedAt, tz))} · ${html(versionLine(r.version, tz))}</p>`,
  )
  p(htmlSummary(r, opts.layout, tz))
  if (!full) {
    const first = r.diagrams[0]
    if (first) p(`<h2>Diagram</h2>${figure(first, true, r.diagrams.length > 1)}`)
    if (r.diagrams.length > 1)
      p(`<p class="muted">The full report shows all ${r.diagrams.length} pages of the board.</p>`)
    return page(r, parts)
  }
  p('<div class="page-break"></div>')
  p(`<h2>Diagram</h2><p class="muted">${html(diagramLine(r))}</p>`)
  for (const d of r.diagrams) {
    if (r.diagrams.length > 1) p(`<h3>${html(d.pageName)}</h3>`)
    p(figure(d, false, false))
  }
  p(inventory(r))
  const s = r.session
  p('<h2>Scope</h2>')
  if (s.description) p(`<p>${lines(s.description)}</p>`)
  p(`<p><strong>Phase:</strong> ${label(s.phase)}</p>`)
  p(
    `<h3>In scope</h3>${ul(s.inScope)}<h3>Out of scope</h3>${ul(s.outOfScope)}<h3>Goals</h3>${ul(s.goals)}`,
  )
  if (s.lastThing)
    p(`<p><strong>The last thing we want to happen:</strong> ${lines(s.lastThing)}</p>`)
  p(`<h3>Participants</h3>${ul(s.participants.map((x) => `${x.name} (${label(x.role)})`))}`)

  p('<h2>Assets</h2>')
  p(
    r.assets.length
      ? `<table>${thead(['Asset', 'Kind', 'Sensitivity', 'Owner'])}${r.assets
          .map(
            (a) =>
              `<tr><td>${html(a.name)}</td><td>${label(a.kind)}</td><td>${label(a.sensitivity)}</td><td>${html(a.owner)}</td></tr>`,
          )
          .join('')}</table>`
      : '<p class="muted">No assets listed.</p>',
  )

  p('<h2>Recommendations</h2>')
  if (r.recommendations.length === 0) p('<p class="muted">No recommendations yet.</p>')
  for (const pr of PRIORITIES) {
    const recs = r.recommendations.filter((x) => x.priority === pr)
    if (recs.length === 0) continue
    p(
      `<h3>${label(pr)} priority <span class="muted">— ${html(PRIORITY_MEANING[pr])}</span></h3><ul>`,
    )
    for (const rec of recs) {
      const answers = rec.threats.map(
        (t) => `${html(t.title)} (${categoryLabel(t.category)}, ${label(t.severity)})`,
      )
      p(
        `<li><strong>${html(rec.text)}</strong> — ${label(rec.status)}${rec.owner ? `, owner ${html(rec.owner)}` : ''}` +
          (rec.ticketUrl ? `<br>Ticket: ${link(rec.ticketUrl)}` : '') +
          (rec.exception
            ? `<br>Exception approved by ${html(rec.exception.approvedBy)}: ${lines(rec.exception.reason)}`
            : '') +
          (answers.length ? `<br>Answers: ${answers.join('; ')}` : '') +
          '</li>',
      )
    }
    p('</ul>')
  }

  p('<h2>Threats</h2>')
  if (r.threatsByCategory.length === 0) p('<p class="muted">No threats recorded.</p>')
  for (const g of r.threatsByCategory) {
    p(
      `<h3><span class="letter" style="background:${STRIDE_INFO[g.category].color}">${g.letter}</span>${html(g.label)}</h3>`,
    )
    p(`<table>${thead(['Threat', 'Severity', 'Status', 'Targets', 'Answered'])}`)
    for (const t of g.threats) {
      const detail = [t.description, t.mitigation ? `Mitigation: ${t.mitigation}` : '']
        .filter(Boolean)
        .map(html)
        .join('\n')
      p(
        `<tr><td><strong>${html(t.title)}</strong>${detail ? `<br><span class="muted lines">${detail}</span>` : ''}</td>` +
          `<td>${badge(t.severity)}</td><td>${label(t.status)}</td><td>${html(t.targetNames.join(', ') || '—')}</td>` +
          `<td>${t.answeredBy.length ? 'yes' : '<strong>no</strong>'}</td></tr>`,
      )
    }
    p('</table>')
  }

  p('<h2>Called out</h2><div class="callout">')
  p(
    r.unansweredThreats.length
      ? `<p><strong>Open threats without a recommendation:</strong> ${r.unansweredThreats.map((t) => `${html(t.title)} (${label(t.severity)})`).join('; ')}</p>`
      : `<p>${allAnsweredText(r)}</p>`,
  )
  p(
    r.exceptions.length
      ? `<p><strong>Exceptions:</strong> ${r.exceptions.map((e) => `${html(e.text)} — approved by ${html(e.exception?.approvedBy ?? '?')}`).join('; ')}</p>`
      : '<p>No exceptions.</p>',
  )
  p('</div>')

  p('<h2>Hints and review</h2>')
  if (r.hints.length === 0 && r.reviews.length === 0)
    p('<p class="muted">No hints or review notes.</p>')
  for (const h of r.hints)
    p(
      `<div class="hint"><strong>Hint on ${html(aboutLine(h.about))}</strong> from ${html(h.author)}, ${html(when(h.createdAt, tz))} (${label(h.state)}): ${lines(h.text)}</div>`,
    )
  for (const v of r.reviews) {
    p(
      `<p><strong>${label(v.verdict)}</strong> by ${html(v.reviewer)}, ${html(when(v.at, tz))}: ${lines(v.comment)}` +
        (v.findings ? `<br>Additional findings: ${lines(v.findings)}` : '') +
        '</p>',
    )
  }

  return page(r, parts)
}

function page(r: Report, parts: string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(r.title)} — threat model report</title>
<style>${STYLE}</style></head>
<body>${parts.join('\n')}</body></html>
`
}
