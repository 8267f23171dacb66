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
 * Elements tldraw adds later (a new editor's element, and the pool it keeps for measuring several
 * texts at once) go into the box as they are appended: the container's `appendChild` is
 * redirected for them. A MutationObserver alone moved them too late: its callback runs after the
 * task that appended them, and tldraw measures in that same task (the editor's first hover test
 * and the camera's fit measure every flow's label), so 1,200 of the 3,564 measurements of a
 * 2,000-shape board's open still laid out the whole page (bench/RESULTS.md). The observer stays for
 * elements added any other way. Returns a function that stops and puts the elements back.
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
  const appendChild = container.appendChild
  container.appendChild = <T extends Node>(node: T): T =>
    isMeasuring(node) ? box.appendChild(node) : (appendChild.call(container, node) as T)
  const observer = new (doc.defaultView ?? window).MutationObserver(adopt)
  observer.observe(container, { childList: true })
  return () => {
    observer.disconnect()
    // The prototype's method again.
    Reflect.deleteProperty(container, 'appendChild')
    for (const el of [...box.children]) container.appendChild(el)
    box.remove()
  }
}

/** A measuring element, or a fragment of nothing but measuring elements (tldraw's pool). */
function isMeasuring(node: Node): boolean {
  if (node.nodeType === Node.DOCUMENT_FRAGMENT_NODE) {
    const children = [...(node as DocumentFragment).children]
    return children.length > 0 && children.every((el) => el.classList.contains(MEASURE_CLASS))
  }
  return node.nodeType === Node.ELEMENT_NODE && (node as Element).classList.contains(MEASURE_CLASS)
}
