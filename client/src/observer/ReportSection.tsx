import { useCallback, useEffect, useMemo, useState } from 'react'
import type { Editor } from 'tldraw'
import { roomApi, type RoomApi, type VersionSummary } from '../api/roomApi.ts'
import { useRoomModel } from '../model/RoomModelContext.tsx'
import { sectionId } from '../panels/PanelNav.tsx'
import { Link } from '../routing/Link.tsx'
import { versionPath } from '../routing/matchRoute.ts'
import { DownloadButtons, DownloadMenu, useDownloads } from './Downloads.tsx'

/** How long the board must be still before its diagram is sent to the server again. */
const DIAGRAM_QUIET_MS = 5000

/** tldraw's own SVG export of the current page, which reports embed as the diagram. */
async function uploadDiagram(editor: Editor, api: RoomApi): Promise<void> {
  const ids = [...editor.getCurrentPageShapeIds()]
  if (ids.length === 0) return
  const result = await editor.getSvgString(ids, { background: true, padding: 16 })
  if (result) await api.putDiagram(result.svg)
}

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/**
 * Report downloads and exports for everyone in the room; named versions (saved by the owner and
 * editors) listed with who and when, each openable read-only and downloadable. Editors' browsers
 * also keep the server's copy of the diagram current.
 */
export function ReportSection() {
  const model = useRoomModel()
  const { editor, canEdit } = model
  const api = useMemo(() => roomApi(model.roomId, model.token), [model.roomId, model.token])
  const beforeReport = useCallback(async () => {
    if (editor && canEdit) await uploadDiagram(editor, api).catch(() => {})
  }, [editor, canEdit, api])
  const { busy, status, setStatus, download } = useDownloads(api, beforeReport)
  const [versions, setVersions] = useState<VersionSummary[] | null>(null)
  const [versionsError, setVersionsError] = useState<string | null>(null)

  const loadVersions = useCallback(() => {
    api.versions().then(
      (list) => {
        setVersions(list)
        setVersionsError(null)
      },
      (err: unknown) => setVersionsError(err instanceof Error ? err.message : String(err)),
    )
  }, [api])
  useEffect(loadVersions, [loadVersions])

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

  const saveVersion = async () => {
    const name = window.prompt('Name this version (e.g. "End of session")')?.trim()
    if (!name) return
    try {
      const v = await api.saveVersion(name, model.userName)
      setStatus(`Saved version ${v.number}: ${name}`)
      loadVersions()
    } catch (err) {
      setStatus(err instanceof Error ? err.message : String(err))
    }
  }

  return (
    <section data-testid="report-section">
      <h2 id={sectionId('report')} tabIndex={-1}>
        Report
      </h2>
      <DownloadButtons busy={busy} onDownload={(what) => void download(what)} />
      {status && (
        <p className="tb-muted" role="status" data-testid="report-status">
          {status}
        </p>
      )}
      <h3>Versions</h3>
      {canEdit && (
        <button type="button" data-testid="save-version" onClick={() => void saveVersion()}>
          Save a named version…
        </button>
      )}
      {versionsError && (
        <p className="tb-error" role="alert">
          Could not list the versions: {versionsError}{' '}
          <button type="button" onClick={loadVersions}>
            Try again
          </button>
        </p>
      )}
      {versions === null && !versionsError && <p className="tb-muted">Loading versions…</p>}
      {versions?.length === 0 && (
        <p className="tb-muted" data-testid="no-versions">
          No saved versions yet.{canEdit ? ' Save one at the end of the session.' : ''}
        </p>
      )}
      {versions && versions.length > 0 && (
        <ol className="tb-versions" data-testid="versions">
          {versions.map((v) => (
            <li key={v.id} data-testid="version">
              <Link href={versionPath(model.roomId, v.id)} data-testid="open-version">
                v{v.number} · {v.name}
              </Link>
              <span className="tb-muted">
                {v.createdBy} · {when(v.createdAt)}
              </span>
              <DownloadMenu
                label={`Download version ${v.number}`}
                busy={busy}
                testId="version-download"
                onDownload={(what) => void download(what, v.id)}
              />
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
