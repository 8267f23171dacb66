import { useState } from 'react'
import type { InteropFormat } from '@threatboard/shared'
import type { SessionSize } from '@threatboard/shared'
import { saveFile, type DownloadedFile, type ReportLayout, type RoomApi } from '../api/roomApi.ts'

export const REPORT_FORMATS = [
  ['pdf', 'PDF'],
  ['html', 'HTML'],
  ['markdown', 'Markdown'],
  ['csv', 'CSV (tickets)'],
  ['json', 'JSON'],
] as const

/** The report layouts, each with what it is for. */
export const REPORT_LAYOUTS: readonly (readonly [ReportLayout, string])[] = [
  ['ticket', 'Ticket: the recommendations, to paste into a ticket'],
  ['summary', 'Summary: a one-page report'],
  ['full', 'Full: the whole model'],
]

/** The layout that matches a session's size (its expected output). */
export const LAYOUT_FOR_SIZE: Record<SessionSize, ReportLayout> = {
  small: 'ticket',
  medium: 'summary',
  large: 'full',
}

/** The report's layout: the one for the session's size, unless the person picks another. */
export function useReportLayout(size: SessionSize): [ReportLayout, (layout: ReportLayout) => void] {
  const [picked, setPicked] = useState<ReportLayout | null>(null)
  return [picked ?? LAYOUT_FOR_SIZE[size], setPicked]
}

/** Formats whose content the layout shapes (CSV and JSON always carry everything). */
const LAID_OUT = new Set(['pdf', 'html', 'markdown'])

export const MODEL_FORMATS: readonly (readonly [InteropFormat, string])[] = [
  ['threat-dragon', 'Threat Dragon'],
  ['otm', 'Open Threat Model'],
]

/** One download the room offers: a report format, or the model for another tool. */
export type Download =
  | { kind: 'report'; format: string; layout?: ReportLayout }
  | { kind: 'model'; format: InteropFormat }

/**
 * Runs downloads one at a time and says how they went: "Preparing…", the file name, or the
 * server's own error message.
 */
export function useDownloads(api: RoomApi) {
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState<string | null>(null)
  const download = async (what: Download, versionId?: string) => {
    setBusy(true)
    setStatus(what.kind === 'report' ? 'Preparing the report…' : 'Preparing the export…')
    try {
      let file: DownloadedFile
      if (what.kind === 'report') {
        const layout = LAID_OUT.has(what.format) ? what.layout : undefined
        file = await api.report(what.format, versionId, layout)
      } else {
        file = await api.exportModel(what.format, versionId)
      }
      saveFile(file)
      setStatus(`Downloaded ${file.fileName}`)
    } catch (err) {
      setStatus(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }
  return { busy, status, setStatus, download }
}

/**
 * The report formats and the exports for other tools, as two rows of buttons; with `layout`
 * (and `onLayout`), a choice of the report's layout before them.
 */
export function DownloadButtons(props: {
  busy: boolean
  onDownload: (what: Download) => void
  testIdPrefix?: string
  layout?: ReportLayout
  onLayout?: (layout: ReportLayout) => void
}) {
  const prefix = props.testIdPrefix ?? ''
  const { layout, onLayout } = props
  return (
    <>
      {layout && onLayout && (
        <label className="tb-field">
          Report layout
          <select
            data-testid={`${prefix}report-layout`}
            value={layout}
            onChange={(e) => onLayout(e.target.value as ReportLayout)}
          >
            {REPORT_LAYOUTS.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="tb-report-buttons" role="group" aria-label="Report">
        {REPORT_FORMATS.map(([format, name]) => (
          <button
            key={format}
            type="button"
            disabled={props.busy}
            data-testid={`${prefix}report-${format}`}
            onClick={() => props.onDownload({ kind: 'report', format, layout })}
          >
            {name}
          </button>
        ))}
      </div>
      {layout === 'ticket' && (
        <p className="tb-muted tb-report-label" data-testid={`${prefix}ticket-note`}>
          A ticket is text: Markdown gives it. PDF and HTML give the one-page summary.
        </p>
      )}
      <p className="tb-muted tb-report-label">Export for other tools</p>
      <div className="tb-report-buttons" role="group" aria-label="Export for other tools">
        {MODEL_FORMATS.map(([format, name]) => (
          <button
            key={format}
            type="button"
            disabled={props.busy}
            data-testid={`${prefix}export-${format}`}
            onClick={() => props.onDownload({ kind: 'model', format })}
          >
            {name}
          </button>
        ))}
      </div>
    </>
  )
}

/** A compact "Download…" menu (a select), for one version in a list. */
export function DownloadMenu(props: {
  label: string
  busy: boolean
  onDownload: (what: Download) => void
  testId?: string
  layout?: ReportLayout
}) {
  return (
    <select
      aria-label={props.label}
      data-testid={props.testId}
      disabled={props.busy}
      value=""
      onChange={(e) => {
        const [kind, format] = e.target.value.split(':') as ['report' | 'model', string]
        if (kind === 'report') props.onDownload({ kind, format, layout: props.layout })
        else props.onDownload({ kind: 'model', format: format as InteropFormat })
      }}
    >
      <option value="" disabled>
        Download…
      </option>
      <optgroup label="Report">
        {REPORT_FORMATS.map(([format, name]) => (
          <option key={format} value={`report:${format}`}>
            {name}
          </option>
        ))}
      </optgroup>
      <optgroup label="For other tools">
        {MODEL_FORMATS.map(([format, name]) => (
          <option key={format} value={`model:${format}`}>
            {name}
          </option>
        ))}
      </optgroup>
    </select>
  )
}
