import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser } from '@threatboard/shared/testing/browser'
import { PRIORITIES, PRIORITY_MEANING, STRIDE_INFO, writeSession } from '@threatboard/shared'
import { checkoutReport } from '../../test/helpers/reportModel.ts'
import { renderHtml } from './renderHtml.ts'
import { renderPdf } from './renderPdf.ts'
import { label } from './text.ts'

/** Each page's lines of text as pdftotext lays them out, without blank lines and the footer. */
function pageLines(pdf: Buffer): string[][] {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'threatboard-breaks-')), 'r.pdf')
  writeFileSync(file, pdf)
  const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file]).toString())?.[1])
  return Array.from({ length: pages }, (_, i) =>
    execFileSync('pdftotext', ['-layout', '-f', `${i + 1}`, '-l', `${i + 1}`, file, '-'])
      .toString()
      .split('\n')
      .map((l) => l.trim().replace(/\s+/g, ' '))
      .filter((l) => l && !/· page \d+ of \d+$/.test(l)),
  )
}

/** The full PDF's section and sub-section headings below the summary page. */
const HEADINGS = new Set([
  'Inventory',
  'Elements',
  'Data flows',
  'Scope',
  'In scope',
  'Out of scope',
  'Goals',
  'The last thing we want to happen',
  'Participants',
  'Assets',
  'Recommendations',
  ...PRIORITIES.map((p) => `${label(p)} priority — ${PRIORITY_MEANING[p]}`),
  'Threats',
  ...Object.values(STRIDE_INFO).map((c) => `${c.letter} — ${c.label}`),
  'Called out',
  'Hints and review',
])

/**
 * The checkout model's report with `extra` lines added to its scope's text: as they grow a line
 * at a time, every heading and threat after them comes to a page's foot in one of the layouts.
 */
function reportWithScope(extra: number) {
  const lines = Array.from({ length: extra }, (_, i) => `Scope note ${i + 1}.`)
  return checkoutReport('Breaks', (doc) =>
    writeSession(doc, { description: ['Checkout, payments and orders.', ...lines].join('\n') }),
  )
}

/** Pages but the last, each with its last line: none of them may be a heading. */
function expectNoHeadingAtFoot(pages: string[][], headings: Set<string>, layout: string) {
  pages.slice(0, -1).forEach((page, i) => {
    const last = page.at(-1)!
    expect(headings.has(last), `page ${i + 1} of layout ${layout} ends with "${last}"`).toBe(false)
  })
  return pages.length - 1
}

describe('page breaks of the full PDF', () => {
  it('leaves no heading alone at the foot of a page, and splits no threat over two', async () => {
    const seen = { layouts: 0, breaks: 0 }
    for (let extra = 0; extra <= 48; extra += 2) {
      const report = reportWithScope(extra)
      const pages = pageLines(await renderPdf(report, { layout: 'full', timeZone: 'UTC' }))
      seen.layouts++
      seen.breaks += expectNoHeadingAtFoot(pages, HEADINGS, `+${extra}`)
      // Each threat whole on the page of its title: its targets, all of its description, its
      // mitigation.
      const flat = pages.map((p) => p.join(' ').replace(/\s+/g, ' '))
      for (const th of report.threatsByCategory.flatMap((g) => g.threats)) {
        // Past the summary page, which lists some threats too.
        const at = flat.findIndex(
          (p, i) => i > 0 && p.includes(`${th.title} ${label(th.severity)}`),
        )
        expect(at, `"${th.title}" is listed in layout +${extra}`).toBeGreaterThan(0)
        const tail = (s: string) => s.split(/\s+/).slice(-3).join(' ')
        for (const part of [
          `Targets: ${th.targetNames.join(', ')}`,
          tail(th.description),
          th.mitigation && `Mitigation: ${th.mitigation.split(/\s+/)[0]}`,
          tail(th.mitigation),
        ].filter(Boolean)) {
          expect(flat[at], `"${th.title}" whole on one page of layout +${extra}`).toContain(part)
        }
      }
    }
    // The sweep did move the breaks: each layout has pages after the summary.
    expect(seen.breaks).toBeGreaterThan(seen.layouts * 2)
  }, 120_000)
})

describe('page breaks of the full HTML report, printed from Chromium', () => {
  let browser: Browser | undefined
  afterAll(() => browser?.close())

  /** The text of each match of `re`'s first group, as pdftotext would show it. */
  const texts = (page: string, re: RegExp) =>
    [...page.matchAll(re)].map((m) =>
      m[1]!
        .replace(/<[^>]*>/g, ' ')
        .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
        .replace(/\s+/g, ' ')
        .trim(),
    )

  it('leaves no heading nor a table header alone at the foot of a page', async () => {
    browser = await launchBrowser()
    const tab = await browser.newPage()
    const seen = { layouts: 0, breaks: 0, pages: new Set<number>() }
    for (let extra = 0; extra <= 48; extra += 3) {
      const page = renderHtml(reportWithScope(extra), { layout: 'full', timeZone: 'UTC' })
      const headings = new Set(texts(page, /<h[23][^>]*>(.*?)<\/h[23]>/g))
      // A table's header row, or the part of one a narrow column wrapped onto its own line.
      const headerWords = texts(page, /<thead>(.*?)<\/thead>/g).map((h) => new Set(h.split(' ')))
      const isTableHeader = (line: string) =>
        headerWords.some((words) => line.split(' ').every((w) => words.has(w)))
      await tab.setContent(page)
      const pages = pageLines(await tab.pdf({ format: 'A4' }))
      seen.layouts++
      seen.pages.add(pages.length)
      seen.breaks += expectNoHeadingAtFoot(pages, headings, `+${extra}`)
      pages.slice(0, -1).forEach((lines, i) => {
        const last = lines.at(-1)!
        expect(isTableHeader(last), `page ${i + 1} of layout +${extra} ends with "${last}"`).toBe(
          false,
        )
      })
      // The threats' headings were found in the page's text, so the check above can fail.
      expect(headings.has('S Spoofing')).toBe(true)
    }
    // The scope's lines moved the breaks: they are kept on lines of their own in the page.
    expect(seen.pages.size).toBeGreaterThan(1)
    expect(seen.breaks).toBeGreaterThan(seen.layouts * 3)
  }, 120_000)
})
