import 'tldraw/tldraw.css'
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import { Tldraw, type Editor, type TLComponents, type TldrawOptions } from 'tldraw'
import { DEFAULT_LIMITS } from '@threatboard/shared'
import { TLDRAW_LICENSE_KEY } from '../needsLicenseWarning.ts'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { tldrawCurrentUser } from '../user/localUser.ts'
import { useBoardStore } from './useBoardStore.ts'
import { maxAssetBytes, maxTextBytes } from './assetLimit.ts'
import { TextPasteLimit } from './TextPasteLimit.tsx'
import { OutOfViewNotice } from './OutOfViewNotice.tsx'
import { bookmarkLinksWithoutFetching } from './linkBookmarks.ts'
import { containTextMeasure } from './containTextMeasure.ts'
import { cacheTextMeasurements } from './measureCache.ts'
import { useModelFont } from '../fonts/modelFont.ts'
import { boardBindingUtils, boardShapeUtils, boardTools } from '../shapes/index.ts'
import { followDataFlows } from '../shapes/anchor/AnchorBindingUtil.ts'
import { BoardToolbar } from '../shapes/toolbar/BoardToolbar.tsx'
import { boardOverrides } from '../shapes/toolbar/boardTools.tsx'
import { BoardShortcutsDialog } from '../shapes/toolbar/BoardShortcutsDialog.tsx'
import { CanvasPanel } from '../shapes/panel/CanvasPanel.tsx'
import { BoardStylePanel } from '../shapes/panel/BoardStylePanel.tsx'
import { CanvasOverlays } from '../shapes/panel/CanvasOverlays.tsx'
import { CoverageBar } from '../guidance/CoverageBar.tsx'
import { EmptyBoard } from './EmptyBoard.tsx'
import { BoardTheme } from './BoardTheme.tsx'
import {
  fitCameraToModel,
  fitPagesWhenFirstShown,
  installBoardRules,
} from '../shapes/boardRules.ts'
import { keepOneCardPerThreat } from '../shapes/threatCard/oneCardPerThreat.ts'
import { keepPinsFitted } from '../shapes/assetPin/pinAsset.ts'
import { withCopiedThreats } from '../shapes/threatCard/copiedThreats.ts'
import { registerShapeModel } from '../shapes/common/shapeModel.ts'

declare global {
  interface Window {
    /** The mounted tldraw editor. Used by the e2e tests (client/e2e) to read the board. */
    __tbEditor?: Editor
  }
}

/**
 * Fonts, icons and translations are bundled and served by us: no request leaves the origin. The
 * board knows no embeds (EmbedShapeUtil is configured with none), so each embed icon is blank:
 * tldraw would fetch all 19 as it mounts, for a dialog the board does not have. (An icon left
 * out falls back to tldraw's CDN, which the CSP refuses; a blank one is skipped.)
 */
const bundledUrls = getAssetUrlsByImport()
const assetUrls = {
  ...bundledUrls,
  embedIcons: Object.fromEntries(Object.keys(bundledUrls.embedIcons).map((name) => [name, ''])),
}
const options: Partial<TldrawOptions> = {
  // A copied card carries its threat, for a paste into another room.
  onBeforeCopyToClipboard: ({ editor, content }) => withCopiedThreats(editor, content),
}
// Before any editor exists: the editor measures flows' labels in its constructor already.
cacheTextMeasurements()

/**
 * The header above the canvas shows people and the connection, so tldraw's share panel would
 * repeat it. The toolbar carries the DFD tools; the canvas panel the selection's STRIDE tools;
 * the style panel shows for free drawing only; on the canvas, flows carry badges with their
 * flags and a selected card its tie (another page-space overlay goes in CanvasOverlays); the
 * coverage switch sits at the top of the canvas; the shortcuts dialog lists the board's own.
 */
const components: TLComponents = {
  SharePanel: null,
  StylePanel: BoardStylePanel,
  Toolbar: BoardToolbar,
  InFrontOfTheCanvas: InFrontOfTheCanvas,
  OnTheCanvas: CanvasOverlays,
  KeyboardShortcutsDialog: BoardShortcutsDialog,
}

/**
 * Screen-space controls over the canvas: the selection's panel, the coverage switch, and what an
 * empty page says; and the page following tldraw's dark mode.
 */
function InFrontOfTheCanvas() {
  return (
    <>
      <CanvasPanel />
      <CoverageBar />
      <EmptyBoard />
      <BoardTheme />
    </>
  )
}

/**
 * The tldraw canvas of a room document that has synced (with the room's awareness for presence),
 * or of a saved version (no awareness, read-only). Images, videos and pasted texts larger than
 * the server's sync messages can carry are refused before they reach the document
 * (`maxMessageBytes`: the room's limits, the defaults until the server has told them).
 */
export function Board({
  doc,
  awareness,
  readOnly,
  onEditor,
  maxMessageBytes = DEFAULT_LIMITS.maxMessageBytes,
}: {
  doc: Y.Doc
  awareness: Awareness | null
  readOnly: boolean
  onEditor?: (editor: Editor | null) => void
  maxMessageBytes?: number | undefined
}) {
  const store = useBoardStore(doc, awareness, readOnly)
  // Flows' labels are measured once, in the font they are drawn in (see useModelFont).
  const hasFlows = useMemo(
    () => !!store?.allRecords().some((r) => r.typeName === 'shape' && r.type === 'arrow'),
    [store],
  )
  const fontReady = useModelFont(assetUrls.fonts, hasFlows)
  const canvasRef = useRef<HTMLDivElement>(null)
  // tldraw's container is in the page from tldraw's first commit; its editor, which adds the
  // element it measures text in, comes a commit later, and the shapes (whose drawing measures
  // every flow's label) only once the fonts have loaded. Watching the container from here puts
  // that element in its contained box before any shape is drawn.
  useLayoutEffect(() => {
    const container = canvasRef.current?.querySelector<HTMLElement>('.tl-container')
    return container ? containTextMeasure(container) : undefined
  }, [store, fontReady])
  // Openings (of the board, or of a page first shown) with part of the model out of view.
  const [openedPartly, setOpenedPartly] = useState(0)
  const onMount = useCallback(
    (editor: Editor) => {
      window.__tbEditor = editor
      onEditor?.(editor)
      // Shapes drawn outside this tree (exports) find the room through the editor.
      const forget = registerShapeModel(editor, { doc, canEdit: !readOnly })
      bookmarkLinksWithoutFetching(editor)
      const stopFollowing = followDataFlows(editor)
      const stopRules = installBoardRules(editor, !readOnly)
      const stopCards = readOnly ? undefined : keepOneCardPerThreat(editor, doc)
      const stopPins = readOnly ? undefined : keepPinsFitted(editor, doc)
      // Before the first paint of the shapes, so they are drawn once, already in view.
      editor.updateViewportScreenBounds(editor.getContainer())
      const partly = () => setOpenedPartly((n) => n + 1)
      if (fitCameraToModel(editor)) partly()
      const stopFitting = fitPagesWhenFirstShown(editor, partly)
      return () => {
        stopFitting()
        stopRules()
        stopCards?.()
        stopPins?.()
        stopFollowing()
        forget()
        if (window.__tbEditor === editor) delete window.__tbEditor
        onEditor?.(null)
      }
    },
    [onEditor, doc, readOnly],
  )
  if (!store || !fontReady) return null
  return (
    <div className="tb-canvas" ref={canvasRef}>
      <Tldraw
        store={store}
        shapeUtils={boardShapeUtils}
        bindingUtils={boardBindingUtils}
        tools={boardTools}
        overrides={boardOverrides}
        assetUrls={assetUrls}
        maxAssetSize={maxAssetBytes(maxMessageBytes)}
        licenseKey={TLDRAW_LICENSE_KEY}
        user={tldrawCurrentUser}
        components={components}
        onMount={onMount}
        options={options}
      >
        {!readOnly && <TextPasteLimit maxBytes={maxTextBytes(maxMessageBytes)} />}
        <OutOfViewNotice opened={openedPartly} />
      </Tldraw>
    </div>
  )
}
