import { DefaultToolbar, ToolbarItem } from 'tldraw'
import { DFD_TOOLS } from './boardTools.tsx'

/** tldraw's own tools after select and hand, the DFD tools first since they are the job here. */
const DRAWING_TOOLS = [
  'arrow',
  'draw',
  'text',
  'note',
  'rectangle',
  'ellipse',
  'line',
  'frame',
  'eraser',
  'highlight',
  'laser',
  'asset',
]

/**
 * The toolbar: select, hand, the four DFD tools, then ordinary drawing. tldraw hides tools that
 * are not `readonlyOk` from read-only roles, so observers keep select, hand and the laser only.
 */
export function BoardToolbar() {
  return (
    <DefaultToolbar maxItems={12}>
      <ToolbarItem tool="select" />
      <ToolbarItem tool="hand" />
      {DFD_TOOLS.map((t) => (
        <ToolbarItem key={t.id} tool={t.id} />
      ))}
      {DRAWING_TOOLS.map((t) => (
        <ToolbarItem key={t} tool={t} />
      ))}
    </DefaultToolbar>
  )
}
