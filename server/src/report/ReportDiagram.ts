/**
 * One page of the board as the report shows it: drawn by the server from the room's records (the
 * model is the source of truth; no browser-supplied picture is ever embedded).
 */
export interface ReportDiagramPage {
  /** tldraw page id (`page:…`). */
  pageId: string
  /** The page's name as the team sees it in the editor. */
  pageName: string
  /** Self-contained SVG markup: no script, link or external reference; every text escaped. */
  svg: string
  /** Size of the drawing in SVG user units (renderers scale it to fit). */
  width: number
  height: number
}
