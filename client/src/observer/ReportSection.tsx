import { useEffect, useMemo, useState } from 'react'
import type { Editor } from 'tldraw'
import { roomApi, type RoomApi } from '../api/roomApi.ts'
import { useRoomModel } from '../model/RoomModelContext.tsx'

const FORMATS = [
  ['pdf', 'PDF'],
  ['html', 'HTML'],
  ['markdown', 'Markdown'],
  ['csv', 'CSV (tickets)'],
  ['json', 'JSON'],
] as const

/** How long the board must be still before its diagram is sent to the server again. */
const DIAGRAM_QUIET_MS = 5000

/** tldraw's own SVG export of the current page, which reports embed as the diagram. */
async function uploadDiagram(editor: Editor, api: RoomApi): Promise<void> {
  const ids = [...editor.getCurrentPageShapeIds()]
  if (ids.length === 0) return
  const result = await editor.getSvgString(ids, { background: true, padding: 16 })
  if (result) await api.putDiagram(result.svg)
}

/**
 * Report downloads for everyone in the room, and (for the owner and editors) named versions.
 * Editors' browsers also keep the server's copy of the diagram current.
 */
export function ReportSection() {
  const model = useRoomModel()
  const { editor, canEdit } = model
  const api = useMemo(() => roomApi(model.roomId, model.token), [model.roomId, model.token])
  const [status, setStatus] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (!editor || !canEdit) return
    let timer: ReturnType<typeof setTimeout> | undefined
    const stop = editor.store.listen(
      () => {
        clearTimeout(timer)
        timer = setTimeout(() => void uploadDiagram(editor, api).catch(() => {}), DIAGRAM_QUIET_MS)
      },
      { scope: 'document' },
    )
    return () => {
      clearTimeout(timer)
      stop()
    }
  }, [editor, canEdit, api])

  const download = async (format: string) => {
    setBusy(true)
    setStatus('Preparing the report…')
    try {
      if (editor && canEdit) await uploadDiagram(editor, api).catch(() => {})
      const { blob, fileName } = await api.report(format)
      const url = URL.createObjectURL(blob)
      const a = document.createElement('a')
      a.href = url
      a.download = fileName
      a.click()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      setStatus(`Downloaded ${fileName}`)
    } catch (err) {
      setStatus(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }

  const saveVersion = async () => {
    const name = window.prompt('Name this version (e.g. "End of session")')?.trim()
    if (!name) return
    try {
      const v = await api.saveVersion(name, model.userName)
      setStatus(`Saved version ${v.number}: ${name}`)
    } catch (err) {
      setStatus(err instanceof Error ? err.message : String(err))
    }
  }

  return (
    <section data-testid="report-section">
      <h2>Report</h2>
      <div className="tb-report-buttons">
        {FORMATS.map(([format, name]) => (
          <button
            key={format}
            type="button"
            disabled={busy}
            data-testid={`report-${format}`}
            onClick={() => void download(format)}
          >
            {name}
          </button>
        ))}
      </div>
      {canEdit && (
        <button type="button" data-testid="save-version" onClick={() => void saveVersion()}>
          Save a named version…
        </button>
      )}
      {status && (
        <p className="tb-muted" role="status" data-testid="report-status">
          {status}
        </p>
      )}
    </section>
  )
}
