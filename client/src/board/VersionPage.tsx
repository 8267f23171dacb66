import './board.css'
import '../observer/observer.css'
import { useEffect, useMemo, useState } from 'react'
import * as Y from 'yjs'
import { useValue, type Editor } from 'tldraw'
import { loadRoomAccess, type RoomAccess } from '../access/roomAccess.ts'
import { roomApi, type RoomApi, type VersionSummary } from '../api/roomApi.ts'
import { RoomModelContext, type RoomModel } from '../model/RoomModelContext.tsx'
import { useSession } from '../model/useModel.ts'
import { NotFound } from '../NotFound.tsx'
import { useDocumentTitle } from '../ui/useDocumentTitle.ts'
import { DownloadButtons, useDownloads, useReportLayout } from '../observer/Downloads.tsx'
import { useRestoreVersion } from '../observer/useRestoreVersion.tsx'
import { Link } from '../routing/Link.tsx'
import { roomPath } from '../routing/matchRoute.ts'
import { navigate } from '../routing/navigate.ts'
import { formatWhen } from '../ui/formatWhen.ts'
import { $userPreferences } from '../user/localUser.ts'
import { Board } from './Board.tsx'
import { BoardHeader } from './BoardHeader.tsx'
import { checkDocSchema } from './checkDocSchema.ts'
import { NeedInvite } from './NeedInvite.tsx'
import { RoomNotice } from './RoomNotice.tsx'
import { useRoomSummary } from './useRoomSummary.ts'

type Loaded =
  | { status: 'loading' }
  | { status: 'ready'; doc: Y.Doc; version: VersionSummary }
  | { status: 'notFound' }
  | { status: 'error'; message: string }

/** `/r/:roomId/v/:versionId`: a saved version, read-only, with its report and exports. */
export default function VersionPage({ roomId, versionId }: { roomId: string; versionId: string }) {
  const [access] = useState(() => loadRoomAccess(roomId))
  if (!access) return <NeedInvite reason={null} />
  return <VersionView roomId={roomId} versionId={versionId} access={access} />
}

function VersionView(props: { roomId: string; versionId: string; access: RoomAccess }) {
  const { roomId, versionId, access } = props
  const summary = useRoomSummary(roomId, access)
  const api = useMemo(() => roomApi(roomId, access.token), [roomId, access.token])
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' })
  const [editor, setEditor] = useState<Editor | null>(null)
  const userName = useValue('user name', () => $userPreferences.get().name, [])
  const [restoreStatus, setRestoreStatus] = useState<string | null>(null)
  const [restore, restoreDialog, restoring] = useRestoreVersion(api, setRestoreStatus)

  useEffect(() => {
    let cancelled = false
    Promise.all([api.versions(), api.versionDoc(versionId)]).then(
      ([versions, update]) => {
        if (cancelled) return
        const version = versions.find((v) => v.id === versionId)
        if (!version) return setLoaded({ status: 'notFound' })
        const doc = new Y.Doc()
        Y.applyUpdate(doc, new Uint8Array(update))
        setLoaded({ status: 'ready', doc, version })
      },
      (err: unknown) => {
        if (cancelled) return
        const message = err instanceof Error ? err.message : String(err)
        const notFound = (err as { status?: number }).status === 404
        setLoaded(notFound ? { status: 'notFound' } : { status: 'error', message })
      },
    )
    return () => {
      cancelled = true
    }
  }, [api, versionId])
  useEffect(() => {
    const doc = loaded.status === 'ready' ? loaded.doc : null
    return () => doc?.destroy()
  }, [loaded])

  const room = summary.status === 'ready' ? summary.room : null
  const model = useMemo<RoomModel | null>(
    () =>
      loaded.status === 'ready' && room
        ? {
            roomId,
            token: access.token,
            doc: loaded.doc,
            role: room.role,
            canEdit: false,
            userName: userName?.trim() || 'Anonymous',
            editor,
          }
        : null,
    [loaded, room, roomId, access.token, userName, editor],
  )

  const shown = loaded.status === 'ready' ? loaded.version : null
  useDocumentTitle(
    shown && room ? `Version ${shown.number} of ${room.title}` : room ? room.title : null,
  )
  if (summary.status === 'notFound' || loaded.status === 'notFound') {
    return <NotFound message="This room or this version does not exist." />
  }
  if (summary.status === 'unauthorized') {
    return <NeedInvite reason={`The invite this browser has was refused: ${summary.message}`} />
  }
  const version = loaded.status === 'ready' ? loaded.version : null
  return (
    <div className="tb-board-page">
      <BoardHeader title={room?.title ?? null}>
        {version && (
          <span className="tb-role" data-testid="version-badge">
            <span className="tb-narrow-hide">
              Version {version.number} · {version.name} ·{' '}
            </span>
            <span className="tb-narrow-only" aria-hidden="true">
              v{version.number} ·{' '}
            </span>
            read-only
          </span>
        )}
        {version && room?.role === 'owner' && (
          <button
            type="button"
            data-testid="restore-this-version"
            disabled={restoring}
            onClick={() => void restore(version).then((done) => done && navigate(roomPath(roomId)))}
          >
            Restore<span className="tb-narrow-hide"> this version</span>
          </button>
        )}
        <Link href={roomPath(roomId)} data-testid="back-to-live">
          <span className="tb-narrow-hide">Back to the </span>live board
        </Link>
      </BoardHeader>
      {version && (
        <p className="tb-banner" data-testid="version-banner">
          Saved by {version.createdBy} on {formatWhen(version.createdAt)}. This is the board as it
          was then; nothing here can be changed.
        </p>
      )}
      {restoreStatus && (
        <p className="tb-banner" role="status" data-testid="restore-status">
          {restoreStatus}
        </p>
      )}
      {restoreDialog}
      <main className="tb-board-main tb-board-main--version">
        {loaded.status === 'error' && (
          <RoomNotice testId="version-error" title="This version could not be opened">
            <p>{loaded.message}</p>
          </RoomNotice>
        )}
        {(loaded.status === 'loading' || summary.status === 'loading') && (
          <RoomNotice testId="version-loading" title="Opening the version…" />
        )}
        {model && checkDocSchema(model.doc) !== 'ok' && (
          <RoomNotice testId="version-outdated" title="This version cannot be shown here">
            <p>It was saved by another version of Threatboard. Reload the page to update.</p>
          </RoomNotice>
        )}
        {model && checkDocSchema(model.doc) === 'ok' && (
          <RoomModelContext.Provider value={model}>
            <div className="tb-board-area">
              <Board doc={model.doc} awareness={null} readOnly onEditor={setEditor} />
            </div>
            <VersionDownloads api={api} versionId={versionId} />
          </RoomModelContext.Provider>
        )}
      </main>
    </div>
  )
}

/**
 * The version's report and exports, in the layout for the size of the session it was saved in
 * unless the person picks another (as on the live board).
 */
function VersionDownloads({ api, versionId }: { api: RoomApi; versionId: string }) {
  const { busy, status, download } = useDownloads(api)
  const [layout, setLayout] = useReportLayout(useSession().size)
  return (
    <aside className="tb-security" aria-label="Version downloads">
      <h2>Downloads of this version</h2>
      <DownloadButtons
        busy={busy}
        testIdPrefix="version-"
        layout={layout}
        onLayout={setLayout}
        onDownload={(what) => void download(what, versionId)}
      />
      {status && (
        <p className="tb-muted" role="status" data-testid="version-download-status">
          {status}
        </p>
      )}
    </aside>
  )
}
