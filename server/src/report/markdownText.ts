/**
 * Escapes user text for inline Markdown (CommonMark + GitHub's extensions), touching only what
 * would change its meaning, so `2026-11-30`, `R&D` and `(see above)` read as typed:
 *
 * - always: `\`, `` ` ``, `*`, `~`, `[`, `]` (code, emphasis, strikethrough, links, images,
 *   footnotes);
 * - `_` unless inside a word (GitHub does not read `snake_case` as emphasis);
 * - `<` before a letter, `/`, `!` or `?` (an HTML tag, comment or autolink);
 * - `&` that would start an entity (`&amp;`, `&#60;`);
 * - at the start, a block marker (`# `, `>`, `-`/`+`/`=` lists and rules, `1.` `1)` lists), since
 *   the text often opens a list item.
 *
 * Line breaks become spaces, so text never ends a table row or a list item early (`mdLines`
 * keeps them where a list item or paragraph can hold them).
 */
export function md(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()
    .replace(/[\\`*~[\]]/g, '\\$&')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/^(>|#{1,6}(?=\s|$))/, '\\$1')
    .replace(/^([-+=])(?=\s|[-=]|$)/, '\\$1')
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2')
}

/** `md` for a table cell: a `|` would end the cell, so it is escaped too. */
export function mdCell(text: string): string {
  return md(text).replace(/\|/g, '\\|') || '—'
}

/**
 * `md` for text typed on several lines (a scope, a threat's description, a hint), its line
 * breaks kept: each line is escaped on its own (any line's start could open a block, and two
 * lines with pipes a table, so pipes are escaped too), and they are joined by hard line breaks (two spaces) indented by `indent`, so that they stay in the
 * list item they are in. Blank lines are left out: one would end the item.
 */
export function mdLines(text: string, indent = ''): string {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map(md)
    .filter(Boolean)
  // On lines of their own, `a | b` over `|---|---|` would be a table: pipes are escaped then.
  return (lines.length > 1 ? lines.map((l) => l.replace(/\|/g, '\\|')) : lines).join(
    `  \n${indent}`,
  )
}
