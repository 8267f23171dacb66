import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
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

  // The version's name while it is being named, offered as "End of session, Dec 3".
  const [naming, setNaming] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  // The form goes when the version is saved or the naming left (Escape, Cancel), its field and
  // buttons with it: the keyboard goes back to "Save a named version…", not to the page.
  const form = useRef<HTMLFormElement>(null)
  const saveButton = useRef<HTMLButtonElement>(null)
  const refocus = useRef(false)
  const formHasFocus = () => form.current?.contains(document.activeElement) ?? false
  const stopNaming = (hadFocus = formHasFocus()) => {
    refocus.current = hadFocus
    setNaming(null)
  }
  useEffect(() => {
    if (naming !== null || !refocus.current) return
    refocus.current = false
    // Unless the person has gone on elsewhere meanwhile.
    const active = document.activeElement
    if (!active || active === document.body) saveButton.current?.focus()
  }, [naming])
  const saveVersion = async (event: FormEvent) => {
    event.preventDefault()
    const name = naming?.trim()
    if (!name) return
    // Read before the button is disabled while saving, which takes the focus from it.
    const hadFocus = formHasFocus()
    setSaving(true)
    try {
      const v = await api.saveVersion(name, model.userName)
      setStatus(`Saved version ${v.number}: ${name}`)
      stopNaming(hadFocus)
      versions.reload()
    } catch (err) {
      setStatus(errorText(err))
    } finally {
      setSaving(false)
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
      {session.participants.length === 0 && (
        <div className="tb-report-participants" data-testid="report-no-participants">
          <p className="tb-muted">
            The report names no participants yet
            {canEdit ? '.' : ': an editor lists them under Session.'}
          </p>
          {canEdit && (
            <button type="button" onClick={listParticipants}>
              List who took part
            </button>
          )}
        </div>
      )}
      {status && (
        <p className="tb-muted" role="status" data-testid="report-status">
          {status}
        </p>
      )}
      <h3>Versions</h3>
      {canEdit && naming === null && (
        <button
          ref={saveButton}
          type="button"
          data-testid="save-version"
          onClick={() => setNaming(`End of session, ${dayAndMonth(new Date())}`)}
        >
          Save a named version…
        </button>
      )}
      {canEdit && naming !== null && (
        <form ref={form} className="tb-version-form" onSubmit={(e) => void saveVersion(e)}>
          <label htmlFor="version-name">Name of the version</label>
          <input
            id="version-name"
            data-testid="version-name"
            value={naming}
            maxLength={100}
            autoFocus
            onFocus={(e) => e.target.select()}
            onChange={(e) => setNaming(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && stopNaming()}
          />
          <div className="tb-row">
            <button type="submit" data-testid="version-save" disabled={saving || !naming.trim()}>
              {saving ? 'Saving…' : 'Save version'}
            </button>
            <button type="button" className="tb-button-quiet" onClick={() => stopNaming()}>
              Cancel
            </button>
          </div>
        </form>
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

/** Puts the keyboard in the session's participants field, in view. */
function listParticipants() {
  const field = document.querySelector<HTMLElement>('[data-testid="session-participants"]')
  field?.scrollIntoView({ block: 'center' })
  field?.focus({ preventScroll: true })
}

/** The day a version is saved ("Dec 3", "3 Dec"), as the reader's language writes it. */
function dayAndMonth(date: Date): string {
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })
}
