import {
  computed,
  isEqual,
  isUninitialized,
  RESET_VALUE,
  unsafe__withoutCapture,
  type Computed,
  type Editor,
  type TLBinding,
  type TLShape,
} from 'tldraw'

const shapeLists = new WeakMap<Editor, Computed<TLShape[]>>()
const bindingLists = new WeakMap<Editor, Computed<TLBinding[]>>()
const besidesPlaces = new WeakMap<Editor, Computed<number>>()

/**
 * One value per key (an editor, a board's facts), made the first time it is asked for. Per
 * editor here: `store.query.records` makes a new query each time it is called, and a new query
 * walks every record of the store and takes each of its type as a parent: made afresh inside a
 * value worked out on every frame of a drag, that was ~0.5 s of a 40-move drag on a 2,000-shape
 * board (bench/RESULTS.md).
 */
export function once<K extends object, T extends object>(
  values: WeakMap<K, T>,
  key: K,
  make: () => T,
): T {
  let value = values.get(key)
  if (!value) values.set(key, (value = make()))
  return value
}

/**
 * The shapes of every page of the board, not only the page in view: one model may span several
 * pages (an imported file's diagrams), and the side panel speaks for all of it. Reactive when
 * read inside a computed value.
 */
export function everyShape(editor: Editor | null | undefined): TLShape[] {
  return editor ? once(shapeLists, editor, () => editor.store.query.records('shape')).get() : []
}

/** The bindings (a flow's ends, a card's tie) of every page; reactive as `everyShape`. */
export function everyBinding(editor: Editor): TLBinding[] {
  return once(bindingLists, editor, () => editor.store.query.records('binding')).get()
}

/**
 * The same shape but for where it is: a move changes only `x` and `y`. A move by someone else
 * arrives as a whole record read from the room's document, with props and meta equal but new.
 */
export const sameBesidesPlace = (a: TLShape, b: TLShape) =>
  a === b ||
  (a.id === b.id &&
    a.type === b.type &&
    (a.props === b.props || isEqual(a.props, b.props)) &&
    (a.meta === b.meta || isEqual(a.meta, b.meta)) &&
    a.parentId === b.parentId &&
    a.index === b.index &&
    a.rotation === b.rotation &&
    a.isLocked === b.isLocked &&
    a.opacity === b.opacity)

/**
 * A number that changes whenever a shape is added, removed or changed in anything but its place.
 * Worked out from the store's history of shape changes since it last looked, so it has one
 * parent (that history) rather than one per shape, and costs what changed, not the board.
 */
function shapesBesidesPlaces(editor: Editor): Computed<number> {
  return once(besidesPlaces, editor, () => {
    const history = editor.store.query.filterHistory('shape')
    return computed<number>('shapes besides their places', (version, lastEpoch) => {
      history.get()
      if (isUninitialized(version)) return 0
      const diffs = history.getDiffSince(lastEpoch)
      if (diffs === RESET_VALUE) return version + 1
      for (const diff of diffs) {
        if (Object.keys(diff.added).length > 0 || Object.keys(diff.removed).length > 0) {
          return version + 1
        }
        for (const [from, to] of Object.values(diff.updated)) {
          if (!sameBesidesPlace(from as TLShape, to as TLShape)) return version + 1
        }
      }
      return version
    })
  })
}

/**
 * Runs `read` (inside a computed value) so that the value depends on the shapes only through
 * what a move leaves alone: it is worked out again when a shape is added, removed, renamed,
 * restyled, re-parented or re-ordered, never on a move. Every value read by `read` must be one a
 * move cannot change (names, types, ids, props, meta), else it goes stale; anything else it
 * needs (the page in view, the selection) is read before, tracked as usual.
 *
 * Why: a value that reads every shape has each shape as a parent, and tldraw checks every parent
 * of every such value on each frame of a drag; on a 2,000-shape board that was most of a drag's
 * cost (bench/RESULTS.md). This way such a value has one parent, which a move leaves alone.
 */
export function readBesidesPlaces<T>(editor: Editor, read: () => T): T {
  shapesBesidesPlaces(editor).get()
  return unsafe__withoutCapture(read)
}

/** The card of a threat, on whichever page it is. */
export function threatCardOf(editor: Editor, threatId: string): TLShape | undefined {
  return everyShape(editor).find((s) => s.type === 'threat-card' && s.props.threatId === threatId)
}
