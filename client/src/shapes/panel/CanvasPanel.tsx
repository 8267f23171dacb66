import { useEffect, useRef, useState } from 'react'
import { useComputed, useEditor, useValue, type TLShape } from 'tldraw'
import type { StrideCategory } from '@threatboard/shared'
import { useRoomModel } from '../../model/RoomModelContext.tsx'
import { DataFlowFields } from '../dataFlow/DataFlowFields.tsx'
import { DFD_KIND_LABEL } from '../dfdNode/DfdNodeShapeUtil.tsx'
import { createThreatCard } from '../threatCard/createThreatCard.ts'
import { StridePalette } from '../threatCard/StridePalette.tsx'
import { StridePrompts } from '../threatCard/StridePrompts.tsx'
import { cardTargetOf, targetName, usualCategories } from '../threatCard/targetKind.ts'
import { sameBesidesPlace } from '../common/everyShape.ts'
import { keepNewCardClear, keepSelectionClear } from './keepSelectionClear.ts'
import { NoneFoundToggles } from '../../guidance/NoneFoundToggles.tsx'

const COLLAPSED_KEY = 'threatboard.canvasPanel.collapsed'

function loadCollapsed(): boolean {
  try {
    return localStorage.getItem(COLLAPSED_KEY) === '1'
  } catch {
    return false
  }
}

function saveCollapsed(collapsed: boolean) {
  try {
    localStorage.setItem(COLLAPSED_KEY, collapsed ? '1' : '0')
  } catch {
    // Private mode: the choice lasts this visit only.
  }
}

const TARGET_LABEL = { ...DFD_KIND_LABEL, 'data-flow': 'Data flow', asset: 'Asset' } as const
/** Each kind of target as a sentence names one: "an external entity", "a process". */
const A_TARGET: Record<keyof typeof TARGET_LABEL, string> = {
  'external-entity': 'an external entity',
  process: 'a process',
  'data-store': 'a data store',
  'data-flow': 'a data flow',
  asset: 'an asset',
}

/**
 * The panel on the canvas for the one selected element, flow or asset pin: its flags, the STRIDE
 * palette, the STRIDE-per-element prompts, and "considered, none found" per category. Read-only
 * roles do not get it. It docks at the
 * canvas's right edge (its bottom on a narrow screen), folds to its heading (remembered), and
 * never covers its selection, nor a card added from it: the board slides out from under it
 * (keepSelectionClear).
 */
export function CanvasPanel() {
  const editor = useEditor()
  const { canEdit } = useRoomModel()
  // Kept while only its place changes (a drag makes a new record every frame): the panel shows
  // nothing of where the shape is, so it does not re-render on each frame of a drag.
  const shape = useValue(
    useComputed(
      'canvas panel target',
      () => {
        // Only with the select tool: a person who picked a tool is about to draw, maybe where
        // the panel would be.
        if (editor.getCurrentToolId() !== 'select') return undefined
        const only = editor.getOnlySelectedShape()
        return only && cardTargetOf(only) && !editor.getEditingShapeId() ? only : undefined
      },
      { isEqual: (a, b) => a === b || (!!a && !!b && sameBesidesPlace(a, b)) },
      [editor],
    ),
  )
  if (!canEdit || !shape) return null
  return <TargetPanel key={shape.id} shape={shape} />
}

function TargetPanel({ shape }: { shape: TLShape }) {
  const editor = useEditor()
  const { doc, userName } = useRoomModel()
  const [showPrompts, setShowPrompts] = useState(true)
  const [collapsed, setCollapsed] = useState(loadCollapsed)
  const [error, setError] = useState<string | null>(null)
  const ref = useRef<HTMLElement>(null)
  // Where the selection is on the page, once nobody is dragging or resizing it. Not where it is
  // on screen: a person panning the board is not pushed back.
  const place = useValue(
    'selection on the page',
    () => {
      if (!editor.isIn('select.idle')) return null
      const b = editor.getSelectionPageBounds()
      return b && [b.x, b.y, b.w, b.h].map(Math.round).join(',')
    },
    [editor],
  )
  useEffect(() => {
    const panel = ref.current
    if (!panel || place === null) return
    keepSelectionClear(editor, panel)
    const observer = new ResizeObserver(() => keepSelectionClear(editor, panel))
    observer.observe(panel)
    return () => observer.disconnect()
  }, [editor, place, collapsed])
  const target = cardTargetOf(shape)!
  const usual = usualCategories(target)
  const name = useValue('target name', () => targetName(editor, shape), [editor, shape])
  const addCard = (category: StrideCategory) => {
    setError(null)
    try {
      const threatId = createThreatCard(editor, doc, {
        category,
        targetShapeId: shape.id,
        userName,
      })
      if (ref.current) keepNewCardClear(editor, threatId, ref.current)
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
  }
  return (
    <aside
      ref={ref}
      className={`tb-cpanel${collapsed ? ' tb-cpanel--collapsed' : ''}`}
      aria-label="Selected element"
      data-testid="canvas-panel"
      onPointerDown={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        // Keys typed here are the panel's, except the editor's own commands (undo, redo…).
        if (!e.ctrlKey && !e.metaKey) e.stopPropagation()
      }}
      onWheel={(e) => e.stopPropagation()}
    >
      <header className="tb-cpanel__head">
        <span className="tb-cpanel__heading">
          <span className="tb-cpanel__kind">{TARGET_LABEL[target]}</span>
          <span className="tb-cpanel__name" title={name}>
            {name}
          </span>
        </span>
        <button
          type="button"
          className="tb-cpanel__fold"
          data-testid="canvas-panel-fold"
          aria-expanded={!collapsed}
          aria-label={collapsed ? 'Show the threat tools' : 'Hide the threat tools'}
          title={collapsed ? 'Show the threat tools' : 'Hide the threat tools'}
          onClick={() => {
            saveCollapsed(!collapsed)
            setCollapsed(!collapsed)
          }}
        >
          {collapsed ? '▸' : '▾'}
        </button>
      </header>
      {!collapsed && (
        <>
          {shape.type === 'dfd-node' && (
            <label className="tb-flow__flag tb-cpanel__scope">
              <input
                type="checkbox"
                data-testid="canvas-in-scope"
                checked={shape.props.inScope}
                onChange={(e) => {
                  editor.markHistoryStoppingPoint('scope')
                  editor.updateShape({
                    id: shape.id,
                    type: 'dfd-node',
                    props: { inScope: e.target.checked },
                  })
                }}
              />
              In scope of this threat model
            </label>
          )}
          {shape.type === 'arrow' && <DataFlowFields arrowId={shape.id} />}
          <div className="tb-cpanel__section">
            <span className="tb-cpanel__label">Add a threat card</span>
            <StridePalette usual={usual} onCard={addCard} />
          </div>
          {target !== 'asset' && (
            <div className="tb-cpanel__section">
              <button
                type="button"
                className="tb-cpanel__toggle"
                aria-expanded={showPrompts}
                onClick={() => setShowPrompts((v) => !v)}
              >
                <span aria-hidden="true">{showPrompts ? '▾' : '▸'}</span> STRIDE prompts for{' '}
                {A_TARGET[target]}
              </button>
              {showPrompts && <StridePrompts categories={usual} onCard={addCard} />}
            </div>
          )}
          {target !== 'asset' && (
            <div className="tb-cpanel__section">
              <span className="tb-cpanel__label">Considered, none found</span>
              <NoneFoundToggles shape={shape} usual={usual} />
            </div>
          )}
        </>
      )}
      {error && (
        <p className="tb-cpanel__error" role="alert">
          {error}
        </p>
      )}
    </aside>
  )
}
