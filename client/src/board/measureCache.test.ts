// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Editor, TLMeasureTextOpts } from 'tldraw'
import { headlessBoardEditor } from '../shapes/headlessBoard.ts'
import { cacheTextMeasurements } from './measureCache.ts'

// happy-dom lays nothing out: the measuring element's size is made up here from its text and
// its max-width, and every layout read is counted, so a test sees what the cache saves.
let layouts = 0
beforeEach(() => {
  layouts = 0
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (
    this: HTMLElement,
  ) {
    layouts++
    const maxWidth = parseFloat(this.style.getPropertyValue('max-width')) || Infinity
    const w = Math.min(this.textContent!.length * 8, maxWidth)
    return DOMRect.fromRect({
      width: w,
      height: 20 * Math.ceil((this.textContent!.length * 8) / w),
    })
  })
})
afterEach(() => {
  vi.restoreAllMocks()
  Reflect.deleteProperty(document, 'fonts')
  document.body.replaceChildren()
})

/** The document's font faces, as a test sets them (happy-dom has none): the labels' font's. */
function setFonts(
  status: 'loading' | 'loaded',
  faces: ('loading' | 'loaded')[],
  others: ('loading' | 'loaded')[] = [],
) {
  const all = [
    ...faces.map((s) => ({ family: 'tldraw_sans', status: s })),
    ...others.map((s) => ({ family: '"tldraw_draw"', status: s })),
  ]
  const set = { status, [Symbol.iterator]: () => all[Symbol.iterator]() }
  Object.defineProperty(document, 'fonts', { value: set, configurable: true })
}

const opts = (maxWidth: number | null): TLMeasureTextOpts => ({
  fontStyle: 'normal',
  fontWeight: 'normal',
  fontFamily: "'tldraw_sans', sans-serif",
  fontSize: 16,
  lineHeight: 1.35,
  maxWidth,
  padding: '0px',
})

describe('cacheTextMeasurements', () => {
  let editor: Editor
  beforeEach(() => {
    cacheTextMeasurements()
    setFonts('loaded', ['loaded', 'loaded'])
    editor = headlessBoardEditor()
    layouts = 0
  })
  afterEach(() => editor.dispose())

  it('lays a text out once for the same options, and again when they differ', () => {
    const first = editor.textMeasure.measureHtml('Card payment', opts(null))
    const again = editor.textMeasure.measureHtml('Card payment', opts(null))
    expect(again).toEqual(first)
    expect(first.w).toBe(96)
    expect(layouts).toBe(1)

    // Wrapped to a flow's length: another size, measured.
    const wrapped = editor.textMeasure.measureHtml('Card payment', opts(50))
    expect(wrapped.w).toBe(50)
    expect(wrapped.h).toBe(40)
    expect(layouts).toBe(2)
    // Another text: measured.
    editor.textMeasure.measureHtml('Refund', opts(null))
    expect(layouts).toBe(3)
  })

  it('gives back the unwrapped size for a width limit the text fits in, and measures one it does not', () => {
    const unwrapped = editor.textMeasure.measureHtml('Place order', opts(null))
    expect(unwrapped.w).toBe(88)
    // A flow as long as its label, or longer: the label wraps nowhere.
    expect(editor.textMeasure.measureHtml('Place order', opts(88))).toEqual(unwrapped)
    expect(editor.textMeasure.measureHtml('Place order', opts(300))).toEqual(unwrapped)
    expect(layouts).toBe(1)
    // A shorter flow: the label wraps, measured.
    const wrapped = editor.textMeasure.measureHtml('Place order', opts(87))
    expect(wrapped).toEqual({ ...unwrapped, w: 87, h: 40 })
    expect(layouts).toBe(2)
    // Another font size is another text.
    editor.textMeasure.measureHtml('Place order', { ...opts(300), fontSize: 20 })
    expect(layouts).toBe(3)
  })

  it('gives each caller its own copy', () => {
    const first = editor.textMeasure.measureHtml('Orders', opts(null))
    first.w = 1
    expect(editor.textMeasure.measureHtml('Orders', opts(null)).w).toBe(48)
  })

  it('keeps sizes measured while a font loads until a face of the text’s font has loaded', () => {
    setFonts('loading', ['loaded', 'loading'])
    editor.textMeasure.measureHtml('Web shop', opts(null))
    editor.textMeasure.measureHtml('Web shop', opts(null))
    expect(layouts).toBe(1)

    // The face that was loading is in: the fallback font's size is not given back.
    setFonts('loaded', ['loaded', 'loaded'])
    editor.textMeasure.measureHtml('Web shop', opts(null))
    editor.textMeasure.measureHtml('Web shop', opts(null))
    expect(layouts).toBe(2)

    // A face of another font (the drawing font, fetched ahead) changes nothing here.
    setFonts('loaded', ['loaded', 'loaded'], ['loaded'])
    editor.textMeasure.measureHtml('Web shop', opts(null))
    expect(layouts).toBe(2)

    // A face of the text's font that loads later (another weight, say) can change the size.
    setFonts('loaded', ['loaded', 'loaded', 'loaded'], ['loaded'])
    editor.textMeasure.measureHtml('Web shop', opts(null))
    expect(layouts).toBe(3)
  })

  it('keeps a cache per editor', () => {
    editor.textMeasure.measureHtml('Database', opts(null))
    const other = headlessBoardEditor()
    layouts = 0
    other.textMeasure.measureHtml('Database', opts(null))
    expect(layouts).toBe(1)
    other.dispose()
  })
})
