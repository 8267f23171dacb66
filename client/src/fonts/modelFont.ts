import { useEffect, useState } from 'react'
import { DefaultFontFaces } from 'tldraw'

/** The board opens without the font after this long (a slow or failing fetch never blocks it). */
const WAIT_MS = 3000

let loading: Promise<void> | undefined

/**
 * Starts loading the face flows' labels are written in (tldraw's sans, regular), once per page.
 * tldraw measures every flow's label when its editor is made; with the face not in yet it
 * measures them in a fallback font, then all again once it has arrived (on a 700-flow board,
 * 1,400 layouts instead of 700; bench/RESULTS.md). The face is added to the page's fonts with
 * tldraw's own descriptors, so tldraw finds and reuses it instead of loading another. Settles
 * when the face is in, has failed, or `WAIT_MS` have passed.
 */
export function loadModelFont(fontUrls: Record<string, string> | undefined): Promise<void> {
  if (loading) return loading
  const faces = globalThis.document?.fonts
  if (!faces || typeof FontFace !== 'function') return (loading = Promise.resolve())
  const face = DefaultFontFaces.tldraw_sans.normal.normal
  const url = fontUrls?.[face.src.url] ?? face.src.url
  const font = new FontFace(face.family, `url(${JSON.stringify(url)})`, {
    weight: face.weight,
    style: face.style,
    display: 'swap',
  })
  faces.add(font)
  const loaded = font.load().then(
    () => undefined,
    () => undefined,
  )
  const waited = new Promise<void>((resolve) => setTimeout(resolve, WAIT_MS))
  return (loading = Promise.race([loaded, waited]))
}

/**
 * Whether the board's editor may be made: at once for a board without flows (the face is not
 * downloaded for it), else once `loadModelFont` has settled. tldraw draws no flow before its
 * font is in anyway; the wait only comes before the editor is made instead of after.
 */
export function useModelFont(
  fontUrls: Record<string, string> | undefined,
  hasFlows: boolean,
): boolean {
  const [ready, setReady] = useState(false)
  useEffect(() => {
    if (!hasFlows) return
    let live = true
    void loadModelFont(fontUrls).then(() => live && setReady(true))
    return () => {
      live = false
    }
  }, [fontUrls, hasFlows])
  return ready || !hasFlows
}
