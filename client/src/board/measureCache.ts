import { TextManager, type TLMeasureTextOpts, type TLMeasuredTextSize } from 'tldraw'

/** More distinct texts than this and the cache starts again (a board's labels fit many times). */
const LIMIT = 20_000

interface Cache {
  /** The families of the list (`opts.fontFamily`) these sizes were measured in, unquoted. */
  families: Set<string>
  /** How many faces of those families had loaded when these sizes were measured. */
  fonts: number
  sizes: Map<string, TLMeasuredTextSize>
}

/** Per editor, a cache per font-family list (`opts.fontFamily`). */
const caches = new WeakMap<TextManager, Map<string, Cache>>()
let installed = false

/**
 * Makes tldraw's `measureHtml` remember what it measured: the same html with the same options
 * gives the same size, read back without laying the text out again.
 *
 * tldraw measures a flow's label whenever the flow's geometry changes, which is whenever an
 * element it is bound to moves or is resized, although the label's text did not change: twice
 * each time (once unwrapped, once wrapped to the flow's length). On a 2,000-shape board that was
 * all of the page's text measuring (3,564 layouts in the first open; bench/RESULTS.md).
 *
 * A size depends on the fonts too. Sizes are kept per font-family list, with the number of
 * faces of those families loaded when they were measured, and dropped once another such face
 * has loaded: a size measured in a fallback font is never given back after the real font arrived
 * (tldraw measures the texts that use it again then), and a face of another family (the drawing
 * font fetched ahead once the board is idle) drops nothing. A face that is still loading changes
 * no layout until it has loaded (its status turns in the same task of the page as its glyphs
 * come into use), so sizes measured meanwhile are kept: a big board's first open measures nearly
 * all its labels while its fonts load (bench/RESULTS.md).
 *
 * Installed on tldraw's `TextManager` class, once, before any editor exists: the editor measures
 * labels in its constructor already. Each editor keeps a cache of its own.
 */
export function cacheTextMeasurements(): void {
  if (installed) return
  installed = true
  const measure = TextManager.prototype.measureHtml
  TextManager.prototype.measureHtml = function (html: string, opts: TLMeasureTextOpts) {
    let perFamily = caches.get(this)
    if (!perFamily) caches.set(this, (perFamily = new Map()))
    let cache = perFamily.get(opts.fontFamily)
    const families = cache?.families ?? new Set(opts.fontFamily.split(',').map(unquote))
    const fonts = loadedFaces(families)
    if (!cache || cache.fonts !== fonts) {
      perFamily.set(opts.fontFamily, (cache = { families, fonts, sizes: new Map() }))
    }
    const key = `${JSON.stringify(opts)}\n${html}`
    const known = cache.sizes.get(key) ?? fitsUnwrapped(cache, html, opts)
    if (known) return { ...known }
    const size = measure.call(this, html, opts)
    if (cache.sizes.size >= LIMIT) cache.sizes.clear()
    cache.sizes.set(key, { ...size })
    return size
  }
}

/**
 * The size of `html` laid out without a width limit, when that is known and fits within
 * `opts.maxWidth`: the text then wraps nowhere, so the limit changes nothing. tldraw measures a
 * flow's label unwrapped and then again limited to the flow's length, which for a label shorter
 * than its flow is the unwrapped width itself (Chromium lays a text out on one line at exactly
 * its own width: `interop.e2e.test.ts` draws an imported model's labels measured so).
 */
function fitsUnwrapped(
  cache: Cache,
  html: string,
  opts: TLMeasureTextOpts,
): TLMeasuredTextSize | undefined {
  if (typeof opts.maxWidth !== 'number') return undefined
  const unwrapped = cache.sizes.get(`${JSON.stringify({ ...opts, maxWidth: null })}\n${html}`)
  return unwrapped && unwrapped.w <= opts.maxWidth ? unwrapped : undefined
}

/** How many of the document's font faces of these (unquoted) families have loaded. */
function loadedFaces(families: Set<string>): number {
  const faces = globalThis.document?.fonts
  if (!faces) return 0
  let loaded = 0
  for (const face of faces)
    if (face.status === 'loaded' && families.has(unquote(face.family))) loaded++
  return loaded
}

const unquote = (family: string) => family.trim().replace(/^(["'])(.*)\1$/, '$2')
