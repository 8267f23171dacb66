import { useState } from 'react'
import type { InteropFormat } from '@threatboard/shared'
import { saveFile, type DownloadedFile, type RoomApi } from '../api/roomApi.ts'

export const REPORT_FORMATS = [
  ['pdf', 'PDF'],
  ['html', 'HTML'],
  ['markdown', 'Markdown'],
  ['csv', 'CSV (tickets)'],
  ['json', 'JSON'],
] as const

export const MODEL_FORMATS: readonly (readonly [InteropFormat, string])[] = [
  ['threat-dragon', 'Threat Dragon'],
  ['otm', 'Open Threat Model'],
]

/** One download the room offers: a report format, or the model for another tool. */
export type Download = { kind: 'report'; format: string } | { kind: 'model'; format: InteropFormat }

/**
 * Runs downloads one at a time and says how they went: "Preparing…", the file name, or the
 * server's own error message.
 */
export function useDownloads(api: RoomApi, beforeReport?: () => Promise<void>) {
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState<string | null>(null)
  const download = async (what: Download, versionId?: string) => {
    setBusy(true)
    setStatus(what.kind === 'report' ? 'Preparing the report…' : 'Preparing the export…')
    try {
      let file: DownloadedFile
      if (what.kind === 'report') {
        await beforeReport?.()
        file = await api.report(what.format, versionId)
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

/** The report formats and the exports for other tools, as two rows of buttons. */
export function DownloadButtons(props: {
  busy: boolean
  onDownload: (what: Download) => void
  testIdPrefix?: string
}) {
  const prefix = props.testIdPrefix ?? ''
  return (
    <>
      <div className="tb-report-buttons" role="group" aria-label="Report">
        {REPORT_FORMATS.map(([format, name]) => (
          <button
            key={format}
            type="button"
            disabled={props.busy}
            data-testid={`${prefix}report-${format}`}
            onClick={() => props.onDownload({ kind: 'report', format })}
          >
            {name}
          </button>
        ))}
      </div>
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
}) {
  return (
    <select
      aria-label={props.label}
      data-testid={props.testId}
      disabled={props.busy}
      value=""
      onChange={(e) => {
        const [kind, format] = e.target.value.split(':') as ['report' | 'model', string]
        if (kind === 'report') props.onDownload({ kind, format })
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
