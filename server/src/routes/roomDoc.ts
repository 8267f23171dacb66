import type { ReportVersion } from '../report/buildReport.ts'

/**
 * An ASCII download name from a room title, e.g. "checkout-threat-model-summary.pdf", with the
 * saved version's number when the file comes from one ("checkout-v3-threat-model-summary.pdf"),
 * so files taken from the live room and from its versions do not overwrite each other.
 */
export function downloadName(title: string, suffix: string, version?: ReportVersion): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .toLowerCase()
  const saved = version?.kind === 'version' ? `-v${version.number}` : ''
  return `${slug || 'room'}${saved}-${suffix}`
}
