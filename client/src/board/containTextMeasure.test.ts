// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Editor } from 'tldraw'
import { headlessBoardEditor } from '../shapes/headlessBoard.ts'
import { containTextMeasure } from './containTextMeasure.ts'

// The editor's own TextManager makes the measuring elements: the test follows what tldraw does.
let editor: Editor
beforeEach(() => {
  editor = headlessBoardEditor()
})
afterEach(() => {
  editor.dispose()
  document.body.replaceChildren()
})

const measuring = () => [...document.querySelectorAll<HTMLElement>('.tl-text-measure')]
const box = () => document.querySelector<HTMLElement>('.tb-text-measure-box')
/** MutationObserver callbacks run as a microtask after the change. */
const settle = () => new Promise((r) => setTimeout(r, 0))

describe('containTextMeasure', () => {
  it('moves the editor’s measuring element into a strictly contained, hidden box', () => {
    const container = editor.getContainer()
    expect(measuring().length).toBeGreaterThan(0)
    expect(measuring().every((el) => el.parentElement === container)).toBe(true)

    const stop = containTextMeasure(container)
    const b = box()!
    expect(b.parentElement).toBe(container)
    expect(b.style.getPropertyValue('contain')).toBe('strict')
    expect(b.style.getPropertyValue('visibility')).toBe('hidden')
    expect(measuring().every((el) => el.parentElement === b)).toBe(true)
    // tldraw still measures through the element it keeps (it has moved, not been replaced).
    expect(() => editor.textMeasure.measureText('Checkout', measureOpts)).not.toThrow()
    stop()
  })

  it('takes the measuring elements tldraw adds later as they are appended, in the same task', () => {
    const container = editor.getContainer()
    const stop = containTextMeasure(container)
    // Measuring several texts at once makes a pool of elements, appended to the container and
    // measured in the same call: they must already be in the box then, not a microtask later.
    const sizes = editor.textMeasure.measureHtmlBatch([
      { html: 'one', opts: measureOpts },
      { html: 'two', opts: measureOpts },
      { html: 'three', opts: measureOpts },
    ])
    expect(sizes).toHaveLength(3)
    expect(measuring().length).toBeGreaterThanOrEqual(4)
    expect(measuring().every((el) => el.parentElement === box())).toBe(true)
    // Anything else tldraw appends stays in the container itself.
    const other = document.createElement('div')
    container.appendChild(other)
    expect(other.parentElement).toBe(container)
    stop()
  })

  it('puts everything back and removes the box when stopped', async () => {
    const container = editor.getContainer()
    const before = measuring()
    const stop = containTextMeasure(container)
    stop()
    expect(box()).toBeNull()
    expect(Object.hasOwn(container, 'appendChild')).toBe(false)
    expect(measuring()).toEqual(before)
    expect(before.every((el) => el.parentElement === container)).toBe(true)
    // No longer watching: a later element stays where tldraw put it.
    editor.textMeasure.measureHtmlBatch([
      { html: 'one', opts: measureOpts },
      { html: 'two', opts: measureOpts },
    ])
    await settle()
    expect(measuring().every((el) => el.parentElement === container)).toBe(true)
  })
})

const measureOpts = {
  fontStyle: 'normal',
  fontWeight: 'normal',
  fontFamily: 'sans-serif',
  fontSize: 12,
  lineHeight: 1.35,
  maxWidth: null,
  padding: '0px',
}
