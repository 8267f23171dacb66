import { STRIDE_INFO, type StrideCategory } from '@threatboard/shared'
import type { Report, ReportVersion } from './buildReport.ts'

/** Human labels shared by every renderer. */
export const label = (value: string) =>
  value.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())

export const categoryLabel = (c: StrideCategory) => STRIDE_INFO[c].label

export function versionLine(v: ReportVersion): string {
  return v.kind === 'live'
    ? `live room, last changed ${v.updatedAt}`
    : `version ${v.number} “${v.name}”, saved by ${v.createdBy} on ${v.createdAt}`
}

export function diagramLine(report: Report): string {
  const d = report.diagram
  if (!d) return 'No diagram: the board is empty.'
  const how = d.source === 'client' ? 'as drawn on the board' : 'schematic drawn by the server'
  return `Diagram ${how}, ${d.drawnAt}.${d.outdated ? ' The board has changed since.' : ''}`
}
