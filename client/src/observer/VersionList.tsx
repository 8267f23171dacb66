import { useRef, useState } from 'react'
import type { ReportLayout, RoomApi, VersionSummary } from '../api/roomApi.ts'
import { useRoomModel } from '../model/RoomModelContext.tsx'
import { errorText } from '../panels/errorText.ts'
import { Link } from '../routing/Link.tsx'
import { versionPath } from '../routing/matchRoute.ts'
import { DownloadMenu, type Download } from './Downloads.tsx'
import type { Versions } from './useVersions.ts'

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/**
 * The named versions, newest first: each opens read-only and downloads; the owner can restore
 * one as the live board, after confirming in a dialog that says what happens.
 */
export function VersionList(props: {
  api: RoomApi
  versions: Versions
  busy: boolean
  layout: ReportLayout
  onDownload: (what: Download, versionId: string) => void
  onStatus: (text: string) => void
}) {
  const { roomId, role, canEdit } = useRoomModel()
  const { list, error, reload } = props.versions
  const dialog = useRef<HTMLDialogElement>(null)
  const [restoring, setRestoring] = useState<VersionSummary | null>(null)
  const [working, setWorking] = useState(false)

  const ask = (v: VersionSummary) => {
    setRestoring(v)
    dialog.current?.showModal()
  }
  const restore = async () => {
    if (!restoring) return
    setWorking(true)
    try {
      await props.api.restoreVersion(restoring.id)
      props.onStatus(`Restored version ${restoring.number}: ${restoring.name}`)
      reload()
    } catch (err) {
      props.onStatus(`Could not restore version ${restoring.number}: ${errorText(err)}`)
    } finally {
      setWorking(false)
      dialog.current?.close()
    }
  }

  return (
    <>
      {error && (
        <p className="tb-error" role="alert">
          Could not list the versions: {error}{' '}
          <button type="button" onClick={reload}>
            Try again
          </button>
        </p>
      )}
      {list === null && !error && <p className="tb-muted">Loading versions…</p>}
      {list?.length === 0 && (
        <p className="tb-muted" data-testid="no-versions">
          No saved versions yet.{canEdit ? ' Save one at the end of the session.' : ''}
        </p>
      )}
      {list && list.length > 0 && (
        <ol className="tb-versions" data-testid="versions">
          {list.map((v) => (
            <li key={v.id} data-testid="version">
              <Link href={versionPath(roomId, v.id)} data-testid="open-version">
                v{v.number} · {v.name}
              </Link>
              <span className="tb-muted">
                {v.createdBy} · {when(v.createdAt)}
              </span>
              <DownloadMenu
                label={`Download version ${v.number}`}
                busy={props.busy}
                testId="version-download"
                layout={props.layout}
                onDownload={(what) => props.onDownload(what, v.id)}
              />
              {role === 'owner' && (
                <button type="button" data-testid="restore-version" onClick={() => ask(v)}>
                  Restore this version
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      <dialog
        ref={dialog}
        className="tb-confirm"
        aria-labelledby="tb-restore-title"
        data-testid="restore-dialog"
        onClose={() => setRestoring(null)}
      >
        <h2 id="tb-restore-title">Restore version {restoring?.number}?</h2>
        <p>
          The board, threats, assets, recommendations and session of everyone in this room go back
          to “{restoring?.name}”. Save a version of the current board first if you may want it back.
        </p>
        <div className="tb-confirm__buttons">
          <button
            type="button"
            className="tb-confirm__ok"
            data-testid="restore-confirm"
            disabled={working}
            onClick={() => void restore()}
          >
            Restore this version
          </button>
          <button
            type="button"
            data-testid="restore-cancel"
            onClick={() => dialog.current?.close()}
          >
            Cancel
          </button>
        </div>
      </dialog>
    </>
  )
}
