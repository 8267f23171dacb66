import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect } from 'vitest'

/** A PDF's page count and text (per page and whole), read with poppler's pdfinfo and pdftotext. */
export function readPdf(pdf: Buffer): { pages: number; text: string; page: (n: number) => string } {
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
  const dir = mkdtempSync(path.join(tmpdir(), 'threatboard-pdf-'))
  const file = path.join(dir, 'report.pdf')
  writeFileSync(file, pdf)
  const info = execFileSync('pdfinfo', [file]).toString()
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1])
  // Whitespace is normalised: a title wrapped over two lines still reads as one phrase.
  const flat = (s: string) => s.replace(/\s+/g, ' ')
  const text = flat(execFileSync('pdftotext', [file, '-']).toString())
  const page = (n: number) =>
    flat(execFileSync('pdftotext', ['-f', String(n), '-l', String(n), file, '-']).toString())
  return { pages, text, page }
}

/** The body of the first ```mermaid block of a Markdown document. */
export function mermaidBlock(markdown: string): string | undefined {
  return /```mermaid\n([\s\S]*?)\n```/.exec(markdown)?.[1]
}

/**
 * The first horizontal rule from the top of a PDF page (a heading's underline: a light grey line
 * at least a quarter of the sheet wide), as fractions of the sheet's width; read from the page
 * rendered by poppler's pdftoppm at 72 dpi, one pixel per point.
 */
export function firstRule(pdf: Buffer, page: number): { left: number; right: number } | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'threatboard-pdf-'))
  const file = path.join(dir, 'report.pdf')
  writeFileSync(file, pdf)
  const out = path.join(dir, 'page')
  execFileSync('pdftoppm', [
    '-r',
    '72',
    '-gray',
    '-singlefile',
    '-f',
    `${page}`,
    '-l',
    `${page}`,
    file,
    out,
  ])
  const pgm = readFileSync(`${out}.pgm`)
  // P5 header: magic, width, height, maximum value, then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'))!
  const [w, h] = [Number(header[1]), Number(header[2])]
  const pixels = pgm.subarray(header[0].length)
  // Grey, not white and not ink: the rule's colour, alone or blended over two pixel rows.
  const grey = (v: number) => v >= 150 && v <= 250
  for (let y = 0; y < h; y++) {
    let start = -1
    for (let x = 0; x <= w; x++) {
      const on = x < w && grey(pixels[y * w + x]!)
      if (on && start < 0) start = x
      if (!on && start >= 0) {
        if (x - start >= w / 4) return { left: start / w, right: x / w }
        start = -1
      }
    }
  }
  return undefined
}
