// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { act, createElement } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import * as Y from 'yjs'
import type { Editor } from 'tldraw'
import type { Role } from '@threatboard/shared'
import { RoomModelContext } from '../model/RoomModelContext.tsx'
import { addNode, headlessBoardEditor } from '../shapes/headlessBoard.ts'
import { hintPanelValues } from './hintPanelValues.ts'
import { SecurityPanel } from './SecurityPanel.tsx'

let editor: Editor | undefined
let root: Root | undefined
let container: HTMLElement | undefined

// The panel asks the server for the room's versions and staged hints; no server runs here, and
// an answer arriving after the test would update the panel outside it: they stay unanswered.
vi.stubGlobal('fetch', () => new Promise<never>(() => {}))

afterEach(() => {
  act(() => root?.unmount())
  container?.remove()
  editor?.dispose()
})

/** The panel as someone with `role` sees it, on a board with two elements, the first selected. */
function openPanel(role: Role) {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  editor = headlessBoardEditor()
  const db = addNode(editor, 'Billing DB', 0, 0, 'data-store')
  addNode(editor, 'Billing API', 400, 0, 'process')
  editor.select(db)
  container = document.createElement('div')
  document.body.append(container)
  root = createRoot(container)
  const model = {
    roomId: 'r1',
    token: 't',
    doc: new Y.Doc(),
    role,
    canEdit: role === 'owner' || role === 'editor',
    userName: 'Ada',
    editor,
  }
  act(() =>
    root!.render(
      createElement(RoomModelContext.Provider, { value: model }, createElement(SecurityPanel)),
    ),
  )
  // The same computation the panel reads (one per editor).
  return hintPanelValues(editor, { hints: [], threats: [], assets: [] }).targets
}

/**
 * Listing every element, flow and boundary for the hint form reads every shape: on a 2,000-shape
 * board that was ~0.4 s of each open, and more after every rename, for people who cannot post a
 * hint at all.
 */
describe('the hint form’s list of elements', () => {
  it('is offered to an observer, with the selection first', () => {
    const targets = openPanel('observer')
    const options = () =>
      [...container!.querySelectorAll('[data-testid="hint-target"] option')].map(
        (o) => o.textContent,
      )
    expect(options().slice(0, 2)).toEqual(['The whole board', 'Selected: Billing DB'])
    expect(options()).toContain('Billing API')
    expect(targets.isActivelyListening).toBe(true)
    // The form follows the observer's selection on the board.
    const api = editor!
      .getCurrentPageShapes()
      .find((s) => s.id !== editor!.getOnlySelectedShapeId())!
    act(() => editor!.select(api.id))
    expect(options()[1]).toBe('Selected: Billing API')
  })

  it('is not worked out for an editor, who has no hint form', () => {
    const targets = openPanel('editor')
    expect(container!.querySelector('[data-testid="hint-form"]')).toBeNull()
    expect(container!.querySelector('[data-testid="security-panel"]')).not.toBeNull()
    expect(targets.isActivelyListening).toBe(false)
  })
})
