/**
 * The widths of a table's columns across `total` points: in proportion to `weights`, except
 * that no column is narrower than `least[i]` (its longest word, so no word is broken in the
 * middle) when the table can afford it. The columns that would fall below their least width
 * get it, and the rest share what remains by weight; when even the least widths do not fit,
 * they are scaled down together. A column never claims more than twice its share by weight
 * this way, so one long word (a URL, a pasted token) breaks instead of squeezing the others.
 */
export function tableColumns(weights: number[], wanted: number[], total: number): number[] {
  const weight = weights.reduce((a, b) => a + b, 0)
  const least = wanted.map((x, i) => Math.min(x, (2 * total * weights[i]!) / weight))
  const needed = least.reduce((a, b) => a + b, 0)
  if (needed >= total) return least.map((x) => (x / needed) * total)
  const pinned = new Set<number>()
  for (;;) {
    const left = total - [...pinned].reduce((a, i) => a + least[i]!, 0)
    const share = weights.reduce((a, x, i) => (pinned.has(i) ? a : a + x), 0)
    const cols = weights.map((x, i) => (pinned.has(i) ? least[i]! : (x / share) * left))
    const short = cols.flatMap((c, i) => (!pinned.has(i) && c < least[i]! ? [i] : []))
    if (short.length === 0) return cols
    for (const i of short) pinned.add(i)
  }
}
