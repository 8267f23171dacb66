import {
  allDefaultFontFaces,
  DefaultFontFaces,
  DefaultFontStyle,
  FontManager,
  react,
  type Editor,
  type TLFontFace,
} from 'tldraw'

let installed = false

/**
 * Makes tldraw download a font face when a shape uses it, or is about to, instead of all of them.
 *
 * When `<Tldraw>` mounts, it asks its FontManager for every face of every built-in font (16
 * woff2 files, ~1.4 MB), then each shape asks for the faces its text uses (tldraw's `Shape`
 * component, and the editor before the first render). The board needs one or two faces, so the
 * mount-time request is dropped here and the per-shape ones are kept. It is recognised by the
 * arrays tldraw passes: `allDefaultFontFaces` itself, or a theme's face list for a built-in font,
 * which no shape ever asks for (shapes build their own lists for built-in fonts).
 *
 * One face is still fetched ahead, once the board is idle: the regular face of the font the next
 * text will be written in (tldraw's "draw" font unless the person picks another). A text or a
 * label measured before its font arrives keeps the fallback font's width and wraps wrongly.
 *
 * Patched on the prototype because `<Tldraw>` makes that request before any callback of ours
 * runs. Call it before the first editor mounts (the board's lazy import does).
 */
export function loadFontsOnDemand(): void {
  if (installed) return
  const requestFonts = FontManager.prototype.requestFonts
  // A tldraw upgrade that renames this must fail loudly, not quietly download 1.4 MB again.
  if (typeof requestFonts !== 'function') throw new Error('tldraw FontManager.requestFonts is gone')
  FontManager.prototype.requestFonts = function (this: FontManager, fonts: TLFontFace[]) {
    if (fonts.length === 0 || !isMountPreload(this, fonts)) return requestFonts.call(this, fonts)
    if (fonts === allDefaultFontFaces) {
      prefetchNextTextFont(editorOf(this), (faces) => requestFonts.call(this, faces))
    }
  }
  installed = true
}

/** The manager's editor: a private field in tldraw's typings, there at runtime. */
const editorOf = (manager: FontManager) => (manager as unknown as { editor: Editor }).editor

function isMountPreload(manager: FontManager, fonts: TLFontFace[]): boolean {
  if (fonts === allDefaultFontFaces) return true
  return Object.values(editorOf(manager).getThemes()).some((theme) =>
    Object.entries(theme.fonts as Record<string, { faces?: TLFontFace[] }>).some(
      ([key, font]) => font.faces === fonts && `tldraw_${key}` in DefaultFontFaces,
    ),
  )
}

/** From the first idle moment on, and whenever the person picks another font. */
function prefetchNextTextFont(editor: Editor, request: (faces: TLFontFace[]) => void): void {
  const start = () => {
    if (editor.isDisposed) return
    const stop = react('prefetch the font of the next text', () => {
      const family = `tldraw_${editor.getStyleForNextShape(DefaultFontStyle)}`
      if (family in DefaultFontFaces) {
        request([DefaultFontFaces[family as keyof typeof DefaultFontFaces].normal.normal])
      }
    })
    editor.disposables.add(stop)
  }
  // The board's own scripts, data and fonts go first.
  if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 3000 })
  else setTimeout(start, 1000)
}
