import { useLayoutEffect, useRef, type FocusEvent } from 'react'

/** What had the keyboard in the list: its row (a child of the list) and its place in both. */
interface Focused {
  control: Element
  row: Element
  rowIndex: number
  position: number
}

/**
 * Keeps the keyboard in a list whose rows' own buttons remove or change them: deleting a threat
 * or a hint, accepting a suggestion, acknowledging a hint (whose buttons change with its state).
 * The focused button goes with its row and the browser leaves the focus on the page, where the
 * next Tab starts from the top. After such a render the focus goes instead to the control at the
 * same place in the row now in that place (the row itself if it stayed, else the one after it,
 * or the last), counted among the controls one can reach there (a closed details shows only its
 * summary), or to the section's heading `fallbackId` when the list is empty. A text field that
 * went while typed in (a teammate's change removed its row) gives the keyboard to that heading.
 *
 * Spread the returned props on the list, whose direct children are its rows. Only a focus lost
 * from the list is moved: one that went elsewhere is left where it went.
 */
export function useKeepFocusInList<T extends HTMLElement>(fallbackId: string) {
  const ref = useRef<T>(null)
  const focused = useRef<Focused | null>(null)

  useLayoutEffect(() => {
    const was = focused.current
    if (!was || was.control.isConnected) return
    focused.current = null
    const active = document.activeElement
    if (active && active !== document.body) return
    // Someone typing whose field went (a teammate's change took its row away) is not handed
    // another row's field or select, where the rest of their typing would change that row.
    if (was.control.matches(TEXT_ENTRY)) {
      document.getElementById(fallbackId)?.focus()
      return
    }
    const rows = ref.current ? [...ref.current.children] : []
    const row = was.row.isConnected ? was.row : rows[Math.min(was.rowIndex, rows.length - 1)]
    const controls = row ? reachable(row) : []
    const next = controls[Math.min(was.position, controls.length - 1)]
    ;(next ?? document.getElementById(fallbackId))?.focus()
  })

  const onFocus = (e: FocusEvent<T>) => {
    const list = e.currentTarget
    const row = [...list.children].find((r) => r.contains(e.target))
    if (!row) return
    focused.current = {
      control: e.target,
      row,
      rowIndex: [...list.children].indexOf(row),
      position: Math.max(0, reachable(row).indexOf(e.target as HTMLElement)),
    }
  }
  const onBlur = (e: FocusEvent<T>) => {
    // Focus that moved on to something outside the list is no longer the list's to keep.
    const to = e.relatedTarget
    if (to && !e.currentTarget.contains(to)) focused.current = null
  }
  return { ref, onFocus, onBlur }
}

const CONTROLS = 'a[href], button, input, select, textarea, summary, [tabindex]'
const TEXT_ENTRY = 'textarea, input:not([type]), input[type="text"], input[type="search"]'

/** The row's controls a Tab can reach, in order: enabled, in the tab order and shown. */
function reachable(row: Element): HTMLElement[] {
  return [...row.querySelectorAll<HTMLElement>(CONTROLS)].filter(
    // A closed details' content keeps its boxes but is not rendered (content-visibility):
    // checkVisibility says so, getClientRects does not.
    (el) => el.tabIndex >= 0 && !el.matches(':disabled') && el.checkVisibility(),
  )
}
