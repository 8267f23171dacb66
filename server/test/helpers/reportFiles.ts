import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
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
