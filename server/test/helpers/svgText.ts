/** The text of every <text> element of an SVG, its lines (tspans) joined, entities decoded. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) =>
    [...m[1]!.matchAll(/<tspan[^>]*>(.*?)<\/tspan>|^([^<]+)$/g)]
      .map((t) => t[1] ?? t[2]!)
      .join(' ')
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))),
  )
}

/** `s` without any whitespace, for comparing text a drawing wrapped over lines. */
export const squash = (s: string) => s.replace(/\s+/g, '')

/** Whether some text of the SVG holds `wanted`, whitespace and line breaks ignored. */
export const svgHasText = (svg: string, wanted: string) =>
  svgTexts(svg).some((t) => squash(t).includes(squash(wanted)))

/** Start and end point of the first data flow drawn ("M x y L x y" or "M x y A … x y"). */
export function svgFlowEnds(svg: string): number[] {
  const d = /<path d="(M[^"]+)" fill="none" stroke="#1d2433"/.exec(svg)![1]!
  const nums = d.match(/-?\d+(\.\d+)?/g)!.map(Number)
  return [nums[0]!, nums[1]!, nums.at(-2)!, nums.at(-1)!]
}
