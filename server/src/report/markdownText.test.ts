import { describe, expect, it } from 'vitest'
import { marked } from 'marked'
import { md, mdCell, mdLines } from './markdownText.ts'

describe('md', () => {
  it('leaves ordinary prose as typed', () => {
    for (const text of [
      'Launch on 2026-11-30 (after review); R&D owns it.',
      'Rate-limit the login: 5 tries / minute, then 1.5 s back-off.',
      'snake_case_name, #1 priority, a < b > c, 100% done, "quoted"!',
    ])
      expect(md(text)).toBe(text)
  })

  it('escapes what would become markup', () => {
    expect(md('[x](javascript:alert(1))')).toBe('\\[x\\](javascript:alert(1))')
    expect(md('<img src=x onerror=y> </b> <!-- c -->')).toBe(
      '\\<img src=x onerror=y> \\</b> \\<!-- c -->',
    )
    expect(md('*bold* _em_ `code` ~~gone~~ back\\slash')).toBe(
      '\\*bold\\* \\_em\\_ \\`code\\` \\~\\~gone\\~\\~ back\\\\slash',
    )
    expect(md('&amp; &#60; & plain')).toBe('\\&amp; \\&#60; & plain')
    expect(md('line one\n\n# two')).toBe('line one # two')
  })

  it('escapes a block marker only at the start', () => {
    expect(md('# Heading')).toBe('\\# Heading')
    expect(md('> quote')).toBe('\\> quote')
    expect(md('- item')).toBe('\\- item')
    expect(md('---')).toBe('\\---')
    expect(md('1. first')).toBe('1\\. first')
    expect(md('a - b # c > d 1. e')).toBe('a - b # c > d 1. e')
  })

  it('escapes pipes in table cells and fills an empty cell', () => {
    expect(mdCell('a | b')).toBe('a \\| b')
    expect(mdCell('')).toBe('—')
  })
})

describe('mdLines', () => {
  const typed = 'Tokens leak in two ways:\n# logs\n- referrers\n\n1. and backups'

  it('keeps each line, escaping a block marker at the start of any of them', () => {
    expect(mdLines(typed, '  ')).toBe(
      'Tokens leak in two ways:  \n  \\# logs  \n  \\- referrers  \n  1\\. and backups',
    )
    expect(mdLines('a | b\n|---|---|\nc | d')).toBe('a \\| b  \n\\|---\\|---\\|  \nc \\| d')
    expect(marked.parse(mdLines('a | b\n|---|---|\nc | d'), { async: false })).toBe(
      '<p>a | b<br>|---|---|<br>c | d</p>\n',
    )
    expect(mdLines('one line | with a pipe')).toBe('one line | with a pipe')
    expect(mdLines('')).toBe('')
  })

  it('renders as one list item with its line breaks, and no heading, list or rule in it', () => {
    const page = marked.parse(`- **Token theft:** ${mdLines(typed, '  ')}\n- next`, {
      async: false,
    })
    expect(page).toBe(
      '<ul>\n<li><strong>Token theft:</strong> Tokens leak in two ways:<br># logs<br>- referrers<br>1. and backups</li>\n<li>next</li>\n</ul>\n',
    )
  })
})
