import { STRIDE, STRIDE_INFO } from '@threatboard/shared/domain/stride.ts'
import { SEVERITIES } from '@threatboard/shared/domain/threat.ts'
import type { Report, ReportLayout } from './buildReport.ts'
import { barChartSvg } from './barChartSvg.ts'
import { html } from './htmlText.ts'
import {
  andMore,
  categoryLabel,
  clip,
  coverageGapLine,
  coverageHeadline,
  GAPS_REST,
  label,
  modelLine,
  noSevereUnansweredText,
  participantsLine,
  reviewLine,
  reviewNote,
  SEVERITY_COLOR,
  SUMMARY_CAP,
  when,
} from './text.ts'

/** A list capped to fit the page, ending with "and N more" pointing at the rest. */
function capped(items: string[], cap: number, empty: string, rest: string): string {
  if (items.length === 0) return `<p class="muted">${empty}</p>`
  const more = andMore(cap, items.length)
  return `<ul>${items
    .slice(0, cap)
    .map((i) => `<li>${i}</li>`)
    .join('')}${more ? `<li class="muted">… ${more} ${rest}</li>` : ''}</ul>`
}

/**
 * The report's first page in HTML: what was modelled and when, the review state, two small
 * charts (threats by severity and by STRIDE category), and the lists that need a decision.
 * Lists are capped so the page prints on one sheet.
 */
export function htmlSummary(r: Report, layout: ReportLayout, tz: string): string {
  const s = r.summary
  const note = reviewNote(s.review)
  const people = participantsLine(r)
  const rest = layout === 'full' ? '(below)' : 'in the full report'
  const clipped = (text: string) => html(clip(text, SUMMARY_CAP.text))
  const started = r.session.startedAt ? ` · started ${html(when(r.session.startedAt, tz))}` : ''
  const open = SEVERITIES.reduce((n, x) => n + s.threatsBySeverity[x].open, 0)
  const charts =
    barChartSvg(
      `Threats by severity (${open} of ${r.counts.threats} open)`,
      SEVERITIES.map((x) => ({
        label: label(x),
        value: s.threatsBySeverity[x].total,
        color: SEVERITY_COLOR[x] ?? '#1d2433',
      })),
    ) +
    barChartSvg(
      'Threats by STRIDE category',
      STRIDE.map((c) => ({
        label: `${STRIDE_INFO[c].letter} ${categoryLabel(c)}`,
        value: s.threatsByCategory[c],
        color: STRIDE_INFO[c].color,
      })),
    )
  return [
    '<section class="summary" aria-labelledby="summary">',
    '<h2 id="summary">Summary</h2>',
    r.session.description ? `<p>${html(clip(r.session.description, 400))}</p>` : '',
    `<p><strong>Modelled:</strong> ${label(r.session.size)} session (timebox ${r.session.timeboxMinutes} min)${started} · ` +
      `<strong>Review:</strong> <span class="review review-${s.review.state}">${html(reviewLine(s.review, tz))}</span></p>`,
    note ? `<p class="review-note">${html(note)}</p>` : '',
    `<p>${html(modelLine(r))}</p>`,
    people ? `<p>${html(people)}</p>` : '',
    `<div class="charts">${charts}</div>`,
    `<p class="coverage"><strong>${html(coverageHeadline(s.coverage))}</strong></p>`,
    '<div class="columns"><div>',
    '<h3>Open Critical and High threats without a recommendation</h3>',
    capped(
      s.openSevereUnanswered.map(
        (t) =>
          `<span class="badge sev-${t.severity}">${label(t.severity)}</span> ${clipped(t.title)} <span class="muted">(${categoryLabel(t.category)})</span>`,
      ),
      SUMMARY_CAP.unanswered,
      noSevereUnansweredText(s),
      rest,
    ),
    '<h3>Exceptions</h3>',
    capped(
      r.exceptions.map(
        (e) =>
          `${clipped(e.text)} <span class="muted">— approved by ${html(e.exception?.approvedBy ?? '?')}</span>`,
      ),
      SUMMARY_CAP.exceptions,
      'None.',
      rest,
    ),
    '</div><div>',
    '<h3>High-priority recommendations</h3>',
    capped(
      s.highRecommendations.map(
        (x) =>
          `${clipped(x.text)} <span class="muted">— ${x.owner ? `owner ${html(x.owner)}` : '<strong>no owner</strong>'}, ${label(x.status).toLowerCase()}</span>`,
      ),
      SUMMARY_CAP.highRecommendations,
      'None.',
      rest,
    ),
    '<h3>Expected STRIDE categories nobody considered yet</h3>',
    capped(
      s.coverage.gaps.map((g) => html(coverageGapLine(g))),
      SUMMARY_CAP.coverageGaps,
      s.coverage.percent === null ? 'No in-scope elements.' : 'None: every element was considered.',
      GAPS_REST,
    ),
    '</div></div>',
    '</section>',
  ].join('\n')
}
