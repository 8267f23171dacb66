import {
  PRIORITIES,
  PRIORITY_MEANING,
  RECOMMENDATION_STATUSES,
  SEVERITIES,
  STRIDE_INFO,
} from '@threatboard/shared'
import type { Report } from './buildReport.ts'
import { categoryLabel, diagramLine, label, versionLine } from './text.ts'

/** Escapes user text for HTML element content and quoted attribute values. */
export function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

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
.diagram { border: 1px solid #d7dbe3; max-width: 100%; } .muted { color: #5b6475; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr, .hint, .callout { break-inside: avoid; } a { color: inherit; } }
`

const badge = (severity: string) => `<span class="badge sev-${severity}">${label(severity)}</span>`
const ul = (items: string[]) =>
  items.length
    ? `<ul>${items.map((i) => `<li>${html(i)}</li>`).join('')}</ul>`
    : '<p class="muted">(none listed)</p>'
const link = (url: string) => `<a href="${html(url)}" rel="noreferrer noopener">${html(url)}</a>`

/** The report as one self-contained, print-ready HTML page. */
export function renderHtml(r: Report): string {
  const s = r.session
  const parts: string[] = []
  const p = (x: string) => parts.push(x)
  p(
    `<h1>${html(r.title)}</h1><p class="meta">Threat model report · generated ${html(r.generatedAt)} · ${html(versionLine(r.version))}</p>`,
  )

  p('<h2>Scope</h2>')
  if (s.description) p(`<p>${html(s.description)}</p>`)
  p(
    `<p><strong>Size:</strong> ${label(s.size)} (timebox ${s.timeboxMinutes} min) · <strong>Phase:</strong> ${label(s.phase)}</p>`,
  )
  p(
    `<h3>In scope</h3>${ul(s.inScope)}<h3>Out of scope</h3>${ul(s.outOfScope)}<h3>Goals</h3>${ul(s.goals)}`,
  )
  if (s.lastThing)
    p(`<p><strong>The last thing we want to happen:</strong> ${html(s.lastThing)}</p>`)
  p(`<h3>Participants</h3>${ul(s.participants.map((x) => `${x.name} (${label(x.role)})`))}`)

  p(`<h2>Diagram</h2><p class="muted">${html(diagramLine(r))}</p>`)
  if (r.diagram) {
    const data = Buffer.from(r.diagram.svg, 'utf8').toString('base64')
    p(`<img class="diagram" alt="The board's diagram" src="data:image/svg+xml;base64,${data}">`)
  }

  p('<h2>Assets</h2>')
  p(
    r.assets.length
      ? `<table><tr><th>Asset</th><th>Kind</th><th>Sensitivity</th><th>Owner</th></tr>${r.assets
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
            ? `<br>Exception approved by ${html(rec.exception.approvedBy)}: ${html(rec.exception.reason)}`
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
    p(
      '<table><tr><th>Threat</th><th>Severity</th><th>Status</th><th>Targets</th><th>Answered</th></tr>',
    )
    for (const t of g.threats) {
      const detail = [t.description, t.mitigation ? `Mitigation: ${t.mitigation}` : '']
        .filter(Boolean)
        .map(html)
        .join('<br>')
      p(
        `<tr><td><strong>${html(t.title)}</strong>${detail ? `<br><span class="muted">${detail}</span>` : ''}</td>` +
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
      : '<p>Every open threat has a recommendation.</p>',
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
      `<div class="hint"><strong>Hint from ${html(h.author)}</strong> (${label(h.state)}): ${html(h.text)}</div>`,
    )
  for (const v of r.reviews) {
    p(
      `<p><strong>${label(v.verdict)}</strong> by ${html(v.reviewer)}, ${new Date(v.at).toISOString()}: ${html(v.comment)}` +
        (v.findings ? `<br>Additional findings: ${html(v.findings)}` : '') +
        '</p>',
    )
  }

  const c = r.counts
  const countTable = (title: string, keys: readonly string[], values: Record<string, number>) =>
    `<table><tr><th>${title}</th>${keys.map((k) => `<th>${label(k)}</th>`).join('')}</tr><tr><td></td>${keys
      .map((k) => `<td>${values[k]}</td>`)
      .join('')}</tr></table>`
  p('<h2>Summary</h2>')
  p(countTable('Open threats by severity', SEVERITIES, c.openThreatsBySeverity))
  p(countTable('Recommendations by priority', PRIORITIES, c.recommendationsByPriority))
  p(countTable('Recommendations by status', RECOMMENDATION_STATUSES, c.recommendationsByStatus))

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(r.title)} — threat model report</title>
<style>${STYLE}</style></head>
<body>${parts.join('\n')}</body></html>
`
}
