import { computed, type Computed, type Editor, type TLShapeId } from 'tldraw'
import type { Asset, Hint, Threat } from '@threatboard/shared'
import { sameElements, sameMap } from '../panels/sameValue.ts'
import { everyShape, once, readBesidesPlaces, threatCardOf } from '../shapes/common/everyShape.ts'
import { describeShape, sameSelection, selectionTarget } from './hintTarget.ts'
import type { SelectionTarget } from './HintComposer.tsx'

export interface HintPanelValues {
  /** The selected shape as a hint's target, named; null without one. */
  selection: Computed<SelectionTarget | null>
  /**
   * The model's elements, flows and boundaries on every page, by name: a hint on one of them
   * without selecting it first (on a phone the panel covers the board).
   */
  targets: Computed<Targets>
  /** Each element a hint is about, by name (undefined once it is gone). */
  elementNames: Computed<Map<string, string | undefined>>
  /** The shape each hint is about (a card for a threat), on whichever page it is. */
  hintShapes: Computed<Map<string, TLShapeId>>
}

type Targets = { id: string; name: string }[]

const NO_LOOKUPS = { threats: [], assets: [] }
const NO_TARGETS = computed('no hint targets', (): Targets => [])
const hintTargets = new WeakMap<Editor, Computed<Targets>>()

/**
 * The elements, flows and boundaries a hint can be about, by name, one computation per editor:
 * their names read neither the threats nor the assets, so another person's edit of a threat
 * (which makes the panel ask for its values again) does not read every shape again.
 */
function hintTargetsOf(editor: Editor): Computed<Targets> {
  return once(hintTargets, editor, () =>
    computed(
      'hint targets',
      () =>
        readBesidesPlaces(editor, () =>
          everyShape(editor)
            .flatMap((s) => {
              const named =
                s.type === 'dfd-node' ||
                s.type === 'trust-boundary' ||
                (s.type === 'arrow' && editor.getShapeUtil(s).getText(s)?.trim())
              const name = named ? describeShape(editor, s.id, NO_LOOKUPS) : undefined
              return name ? [{ id: s.id, name }] : []
            })
            .sort((a, b) => a.name.localeCompare(b.name)),
        ),
      { isEqual: sameElements },
    ),
  )
}

/**
 * What the hints part of the panel derives from the board. None of it depends on where a shape
 * is, so the targets and the hints' shapes are read besides places (not worked out again on a
 * move); each value is kept while it is the same (`isEqual`), because a new value re-renders the
 * whole side panel: on a board of 2,000 shapes and 600 threats that was ~100 ms for every shape
 * moved, by anyone (bench/RESULTS.md).
 */
export function hintPanelValues(
  editor: Editor | null,
  { hints, threats, assets }: { hints: Hint[]; threats: Threat[]; assets: Asset[] },
): HintPanelValues {
  const lookups = { threats, assets }
  return {
    selection: computed(
      'hint selection',
      (): SelectionTarget | null => {
        const id = editor?.getOnlySelectedShapeId()
        if (!editor || !id) return null
        const name = describeShape(editor, id, lookups)
        return name ? { target: selectionTarget(editor, id), name } : null
      },
      { isEqual: sameSelection },
    ),
    targets: editor ? hintTargetsOf(editor) : NO_TARGETS,
    elementNames: computed(
      'hint target names',
      () =>
        new Map(
          hints.flatMap((h) =>
            h.target.kind === 'element' && editor
              ? [[h.target.id, describeShape(editor, h.target.id, lookups)] as const]
              : [],
          ),
        ),
      { isEqual: sameMap },
    ),
    hintShapes: computed(
      'hint shapes',
      () => {
        const shapes = new Map<string, TLShapeId>()
        if (!editor) return shapes
        return readBesidesPlaces(editor, () => {
          for (const h of hints) {
            const target = h.target
            const shape =
              target.kind === 'element'
                ? editor.getShape(target.id as TLShapeId)
                : target.kind === 'threat'
                  ? threatCardOf(editor, target.id)
                  : undefined
            if (shape) shapes.set(h.id, shape.id)
          }
          return shapes
        })
      },
      { isEqual: sameMap },
    ),
  }
}
