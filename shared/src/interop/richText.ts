/** tldraw's rich text: a ProseMirror-style tree of paragraphs holding text nodes. */
export interface RichText {
  type: 'doc'
  content: { type: 'paragraph'; content?: { type: 'text'; text: string }[] }[]
}

/** One paragraph per line; empty lines stay (as empty paragraphs). */
export function plainToRichText(text: string): RichText {
  return {
    type: 'doc',
    content: text
      .split(/\r?\n/)
      .map((line) =>
        line === ''
          ? { type: 'paragraph' }
          : { type: 'paragraph', content: [{ type: 'text', text: line }] },
      ),
  }
}

/** The text of a rich-text tree, its paragraphs joined by `separator`. */
export function richTextToPlain(rich: unknown, separator = '\n'): string {
  const paragraphs: string[] = []
  const textOf = (node: unknown): string => {
    if (!node || typeof node !== 'object') return ''
    const n = node as { type?: unknown; text?: unknown; content?: unknown }
    if (typeof n.text === 'string') return n.text
    // A line break inside a paragraph (Shift+Enter) separates like a new paragraph.
    if (n.type === 'hardBreak') return separator
    return Array.isArray(n.content) ? n.content.map(textOf).join('') : ''
  }
  const root = rich as { content?: unknown } | undefined
  if (!root || !Array.isArray(root.content)) return textOf(rich)
  for (const block of root.content) paragraphs.push(textOf(block))
  return paragraphs.join(separator).trim()
}
