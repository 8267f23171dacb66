import { STRIDE_INFO, type StrideCategory } from '@threatboard/shared/domain/stride.ts'
import { count } from '@threatboard/shared/text/count.ts'
import { coverageLine } from '@threatboard/shared/guidance/elementCoverage.ts'
import type { HintAbout, Report, ReportLayout, ReportVersion } from './buildReport.ts'
import type { ReportCoverage, ReportSummary, ReviewState } from './buildSummary.ts'

/** How a renderer shows a report: which layout, and in which time zone times are written. */
export interface RenderOptions {
  layout: ReportLayout
  /** An IANA time zone (`UTC`, `Europe/Berlin`); the zone is named after every time. */
  timeZone: string
}

export const DEFAULT_RENDER: RenderOptions = { layout: 'full', timeZone: 'UTC' }

/** Human labels shared by every renderer. */
export const label = (value: string) =>
  value.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())

export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

export const categoryLabel = (c: StrideCategory) => STRIDE_INFO[c].label

const formats = new Map<string, Intl.DateTimeFormat>()

export { isTimeZone } from './formats.ts'

/** A time as a person reads it, its zone named: "30 Nov 2026, 20:41 UTC". */
export function when(at: string | number, timeZone = 'UTC'): string {
  const date = new Date(at)
  if (Number.isNaN(date.getTime())) return String(at)
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
      timeZoneName: 'short',
    })
    formats.set(timeZone, format)
  }
  const part = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]))
  return `${part.day} ${part.month} ${part.year}, ${part.hour}:${part.minute} ${part.timeZoneName}`
}

export function versionLine(v: ReportVersion, timeZone = 'UTC'): string {
  return v.kind === 'live'
    ? `live room, last changed ${when(v.updatedAt, timeZone)}`
    : `version ${v.number} “${v.name}”, saved by ${v.createdBy} on ${when(v.createdAt, timeZone)}`
}

export function reviewLine(r: ReviewState, timeZone = 'UTC'): string {
  if (r.state === 'not-reviewed') return 'Not reviewed yet'
  const verdict = r.state === 'reviewed' ? 'Reviewed' : 'Changes requested'
  const at = r.at === undefined ? '' : ` on ${when(r.at, timeZone)}`
  const count = r.reviews > 1 ? ` (${r.reviews} reviews)` : ''
  return `${verdict} by ${r.reviewer ?? 'a reviewer'}${at}${count}`
}

/**
 * The latest review's comment as the summary quotes it, under the verdict: "Changes requested"
 * says little without what was asked for. Cut to `max` characters; the full report has it whole.
 */
export function reviewNote(r: ReviewState, max = 300): string | undefined {
  return r.comment ? `“${clip(r.comment, max)}”` : undefined
}

/**
 * What the summary says when no open Critical or High threat lacks a recommendation: that each
 * has one, or, when none is open at all, that none is (not that recommendations answer them).
 */
export function noSevereUnansweredText(s: ReportSummary): string {
  const open = s.threatsBySeverity.critical.open + s.threatsBySeverity.high.open
  return open ? 'None: each has a recommendation.' : 'None: no Critical or High threat is open.'
}

/**
 * What the report's "Called out" says when no open threat lacks a recommendation: that each has
 * one, or, when none is open, that none is.
 */
export function allAnsweredText(r: Report): string {
  const open = Object.values(r.counts.openThreatsBySeverity).reduce((a, b) => a + b, 0)
  return open ? 'Every open threat has a recommendation.' : 'No open threats.'
}

/** What the model holds, in one line: "9 elements, 9 data flows, 2 trust boundaries, …". */
export function modelLine(r: Report): string {
  const inv = r.inventory
  const high = r.summary.highRecommendations.length
  return (
    `Model: ${count(inv.elements.length, 'element')}, ${count(inv.flows.length, 'data flow')}, ` +
    `${count(inv.boundaries.length, 'trust boundary', 'trust boundaries')}, ${count(r.assets.length, 'asset')}; ` +
    `${count(r.counts.threats, 'threat')}, ${count(r.counts.recommendations, 'recommendation')} (${high} high)`
  )
}

/**
 * Who took part, in one line for the summary ("Participants: Ada (Facilitator), Sam (Security
 * observer)"), cut at `max` characters; undefined when the session lists nobody.
 */
export function participantsLine(r: Report, max = 300): string | undefined {
  const people = r.session.participants.map((p) => `${p.name} (${label(p.role)})`)
  return people.length ? clip(`Participants: ${people.join(', ')}`, max) : undefined
}

/** What a hint is about, e.g. `element “Orders DB”`, `threat “Card replay”`. */
export function aboutLine(a: HintAbout): string {
  switch (a.kind) {
    case 'board':
      return 'the whole board'
    case 'removed':
      return `an item since removed (${a.id ?? '?'})`
    case 'trust-boundary':
      return `trust boundary “${a.name}”`
    default:
      return `${a.kind} “${a.name}”`
  }
}

export function diagramLine(report: Report): string {
  const pages = report.diagrams.length
  if (pages === 0) return 'No diagram: the board is empty.'
  return pages === 1
    ? 'The board as the server drew it from the model.'
    : `The board as the server drew it from the model, one diagram per page (${pages} pages).`
}

/** "and 3 more" for a list cut short, or nothing. */
export const andMore = (shown: number, total: number) =>
  total > shown ? `and ${total - shown} more` : ''

/** Cuts text to `max` characters at a word boundary, with an ellipsis. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= max) return flat
  const cut = flat.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`
}

/** Yes/no for a flag in a table. */
export const yesNo = (b: boolean) => (b ? 'yes' : 'no')

/** How many items each list on the one-page summary shows before "and N more". */
export const SUMMARY_CAP = {
  unanswered: 5,
  highRecommendations: 6,
  exceptions: 3,
  coverageGaps: 5,
  text: 110,
}

/** Severity colours (dark enough to read as text on white), the same in HTML and PDF. */
export const SEVERITY_COLOR: Record<string, string> = {
  critical: '#9b1c1c',
  high: '#c2410c',
  medium: '#a16207',
  low: '#15803d',
}

/** The coverage headline: "STRIDE coverage: Processes 2/12 · Data stores 1/4 · Board 27 %". */
export function coverageHeadline(c: ReportCoverage): string {
  return c.percent === null
    ? 'STRIDE coverage: no in-scope elements'
    : `STRIDE coverage: ${coverageLine(c)}`
}

/** Where the whole list of coverage gaps is (HTML and PDF show it on page one only, capped). */
export const GAPS_REST = 'in the Markdown and JSON reports'

/**
 * One element with categories nobody considered: "Orders API (process): Spoofing, Tampering",
 * or with `letters` (a PDF line, which must not wrap) "Orders API (process): S, T".
 */
export function coverageGapLine(g: ReportCoverage['gaps'][number], letters = false): string {
  const missing = g.missing.map((c) => (letters ? STRIDE_INFO[c].letter : categoryLabel(c)))
  return `${clip(g.name, 60) || '(unnamed)'} (${g.kind.replace(/-/g, ' ')}): ${missing.join(', ')}`
}
