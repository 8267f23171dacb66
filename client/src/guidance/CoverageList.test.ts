// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { act, createElement } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { elementCoverage, type StrideCategory } from '@threatboard/shared'
import { addFlow, addNode, headlessBoardEditor } from '../shapes/headlessBoard.ts'
import { sameCoverage } from './CoverageLetters.tsx'
import { CoverageList } from './CoverageList.tsx'
import { boardFactsOf } from './useGuidance.ts'

const editor = headlessBoardEditor()
const USER = addNode(editor, 'Customer', -300, 100, 'external-entity')
const API = addNode(editor, 'Orders API', 100, 100, 'process')
addFlow(editor, USER, API)
const { elements } = boardFactsOf(editor).get().facts
editor.dispose()

/** The board's coverage as the client works it out again after every change: new objects. */
const coverageWith = (
  threats: { category: StrideCategory; element: string }[],
  noneFound: { elementId: string; category: StrideCategory }[] = [],
) =>
  elementCoverage(
    elements,
    threats.map((t) => ({ category: t.category, targets: { elements: [t.element] } })),
    [],
    noneFound,
  )

/**
 * Rows and letters are drawn again only when what they show changed (a 600-threat board would
 * otherwise redraw thousands of letters on each edit of one threat), so "the same" must never
 * hide a change someone made.
 */
describe('coverage shown after a change', () => {
  it('counts recomputed coverage as the same only when every letter and count would be', () => {
    const before = coverageWith([])
    const api = (c: typeof before) => c.find((e) => e.id === API)!
    expect(sameCoverage(api(before), api(coverageWith([])))).toBe(true)
    expect(
      sameCoverage(api(before), api(coverageWith([{ category: 'tampering', element: API }]))),
    ).toBe(false)
    const considered = coverageWith([{ category: 'tampering', element: API }])
    const markedInstead = coverageWith([], [{ elementId: API, category: 'tampering' }])
    expect(sameCoverage(api(considered), api(markedInstead))).toBe(false)
    expect(sameCoverage(api(before), { ...api(before), name: 'Payments API' })).toBe(false)
  })

  let container: HTMLElement
  let root: Root
  beforeEach(() => {
    ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
    container = document.createElement('div')
    document.body.append(container)
    root = createRoot(container)
  })
  afterEach(() => {
    act(() => root.unmount())
    container.remove()
  })

  const show = (coverage: ReturnType<typeof coverageWith>) =>
    act(() => root.render(createElement(CoverageList, { coverage })))
  const row = (id: string) => container.querySelector(`[data-element="${id}"]`)!
  const letter = (id: string, category: StrideCategory) =>
    row(id).querySelector(`[data-testid="coverage-${category}"]`)!

  it('shows a threat another person added, then took away, on the element it targets', () => {
    show(coverageWith([]))
    expect(letter(API, 'tampering').getAttribute('data-state')).toBe('open')
    const count = () => row(API).querySelector('[data-testid="coverage-count"]')!.textContent
    const open = count()

    show(coverageWith([{ category: 'tampering', element: API }]))
    expect(letter(API, 'tampering').getAttribute('data-state')).toBe('considered')
    expect(count()).not.toBe(open)
    expect(letter(USER, 'spoofing').getAttribute('data-state')).toBe('open')

    show(coverageWith([], [{ elementId: API, category: 'tampering' }]))
    expect(letter(API, 'tampering').getAttribute('title')).toMatch(/none found/)

    show(coverageWith([]))
    expect(letter(API, 'tampering').getAttribute('data-state')).toBe('open')
    expect(count()).toBe(open)
  })
})
