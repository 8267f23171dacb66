import { useMemo } from 'react'
import { roomApi } from '../api/roomApi.ts'
import { useRoomModel } from '../model/RoomModelContext.tsx'
import { useSession } from '../model/useModel.ts'
import { errorText } from '../panels/errorText.ts'
import { sectionId } from '../panels/PanelNav.tsx'
import { DownloadButtons, useDownloads, useReportLayout } from './Downloads.tsx'
import { VersionList } from './VersionList.tsx'
import { useVersions } from './useVersions.ts'

/**
 * Report downloads and exports for everyone in the room, in the layout that fits the session's
 * size unless someone picks another; named versions (saved by the owner and editors), listed
 * live for everyone, each openable read-only, downloadable, and restorable by the owner. The
 * server draws the report's diagram itself from the room document.
 */
export function ReportSection() {
  const model = useRoomModel()
  const { canEdit } = model
  const api = useMemo(() => roomApi(model.roomId, model.token), [model.roomId, model.token])
  const session = useSession()
  const { busy, status, setStatus, download } = useDownloads(api)
  const [layout, setLayout] = useReportLayout(session.size)
  const versions = useVersions(api, model.doc)

  const saveVersion = async () => {
    const name = window.prompt('Name this version (e.g. "End of session")')?.trim()
    if (!name) return
    try {
      const v = await api.saveVersion(name, model.userName)
      setStatus(`Saved version ${v.number}: ${name}`)
      versions.reload()
    } catch (err) {
      setStatus(errorText(err))
    }
  }

  return (
    <section data-testid="report-section">
      <h2 id={sectionId('report')} tabIndex={-1}>
        Report
      </h2>
      <DownloadButtons
        busy={busy}
        layout={layout}
        onLayout={setLayout}
        onDownload={(what) => void download(what)}
      />
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
      <VersionList
        api={api}
        versions={versions}
        busy={busy}
        layout={layout}
        onDownload={(what, versionId) => void download(what, versionId)}
        onStatus={setStatus}
      />
    </section>
  )
}
