import { TextManager, type TLMeasureTextOpts, type TLMeasuredTextSize } from 'tldraw'

/** More distinct texts than this and the cache starts again (a board's labels fit many times). */
const LIMIT = 20_000

interface Cache {
  /** How many font faces had loaded when these sizes were measured. */
  fonts: number
  sizes: Map<string, TLMeasuredTextSize>
}

const caches = new WeakMap<TextManager, Cache>()
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
 * A size depends on the fonts too: while a font face is loading nothing is cached, and the
 * cache is dropped once more faces have loaded, so a size measured in a fallback font is never
 * given back after the real font arrived (tldraw measures every text again then).
 *
 * Installed on tldraw's `TextManager` class, once, before any editor exists: the editor measures
 * labels in its constructor already. Each editor keeps a cache of its own.
 */
export function cacheTextMeasurements(): void {
  if (installed) return
  installed = true
  const measure = TextManager.prototype.measureHtml
  TextManager.prototype.measureHtml = function (html: string, opts: TLMeasureTextOpts) {
    const fonts = loadedFontFaces()
    if (fonts === undefined) return measure.call(this, html, opts)
    let cache = caches.get(this)
    if (!cache || cache.fonts !== fonts) caches.set(this, (cache = { fonts, sizes: new Map() }))
    const key = `${JSON.stringify(opts)}\n${html}`
    const known = cache.sizes.get(key)
    if (known) return { ...known }
    const size = measure.call(this, html, opts)
    if (cache.sizes.size >= LIMIT) cache.sizes.clear()
    cache.sizes.set(key, { ...size })
    return size
  }
}

/** How many of the document's font faces have loaded; undefined while one is loading. */
function loadedFontFaces(): number | undefined {
  const faces = globalThis.document?.fonts
  if (!faces) return 0
  if (faces.status === 'loading') return undefined
  let loaded = 0
  for (const face of faces) if (face.status === 'loaded') loaded++
  return loaded
}
