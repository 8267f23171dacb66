/** The class tldraw gives the hidden elements it measures text in (its TextManager). */
const MEASURE_CLASS = 'tl-text-measure'

/**
 * The box: empty-sized and strictly contained (size, layout, paint, style), which is what makes
 * it a layout boundary; hidden like the elements in it. Set through the CSSOM, not a stylesheet,
 * so that the box works wherever a board is mounted.
 */
const BOX_STYLE: Record<string, string> = {
  position: 'absolute',
  top: '0',
  left: '0',
  width: '0',
  height: '0',
  overflow: 'hidden',
  contain: 'strict',
  visibility: 'hidden',
  'pointer-events': 'none',
}

/**
 * Puts tldraw's text-measuring elements into a box of their own that CSS containment makes a
 * layout boundary, so that measuring a text lays out that box only, not the whole page.
 *
 * tldraw measures a text by writing it into a hidden element of the editor's container and
 * reading its size back, which forces a layout. Where tldraw puts that element, the layout root
 * is the document: with 2,000 shapes on a board (~75,000 layout objects) each measurement laid
 * the whole page out again, 5–30 ms each. Every flow's label is measured whenever the flow
 * moves, so 500 elements moved by someone else froze the page for seconds
 * (bench/RESULTS.md, "Big boards in the browser"). Inside the box, a measurement lays out a few
 * objects and gives the same sizes: the box stays in the container, so the text inherits the
 * same fonts and variables.
 *
 * Elements tldraw adds later (it keeps a pool for measuring several texts at once) are moved
 * too. Returns a function that stops watching and puts the elements back.
 */
export function containTextMeasure(container: HTMLElement): () => void {
  const doc = container.ownerDocument
  const box = doc.createElement('div')
  box.className = 'tb-text-measure-box'
  box.setAttribute('aria-hidden', 'true')
  for (const [key, value] of Object.entries(BOX_STYLE)) box.style.setProperty(key, value)
  container.appendChild(box)
  const adopt = () => {
    for (const el of [...container.children]) {
      if (el.classList.contains(MEASURE_CLASS)) box.appendChild(el)
    }
  }
  adopt()
  const observer = new (doc.defaultView ?? window).MutationObserver(adopt)
  observer.observe(container, { childList: true })
  return () => {
    observer.disconnect()
    for (const el of [...box.children]) container.appendChild(el)
    box.remove()
  }
}
