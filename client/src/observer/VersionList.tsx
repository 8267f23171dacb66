import type { ReportLayout, RoomApi } from '../api/roomApi.ts'
import { useRoomModel } from '../model/RoomModelContext.tsx'
import { Link } from '../routing/Link.tsx'
import { versionPath } from '../routing/matchRoute.ts'
import { formatWhen } from '../ui/formatWhen.ts'
import { DownloadMenu, type Download } from './Downloads.tsx'
import { useRestoreVersion } from './useRestoreVersion.tsx'
import type { Versions } from './useVersions.ts'

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
  const [restore, restoreDialog, restoring] = useRestoreVersion(props.api, props.onStatus)

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
                {v.createdBy} · {formatWhen(v.createdAt)}
              </span>
              <DownloadMenu
                label={`Download version ${v.number}`}
                busy={props.busy}
                testId="version-download"
                layout={props.layout}
                onDownload={(what) => props.onDownload(what, v.id)}
              />
              {role === 'owner' && (
                <button
                  type="button"
                  data-testid="restore-version"
                  disabled={restoring}
                  onClick={() => void restore(v).then((done) => done && reload())}
                >
                  Restore this version
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      {restoreDialog}
    </>
  )
}
