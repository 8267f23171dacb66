import { useEffect, useRef, useState, type DragEvent } from 'react'
import { count } from '@threatboard/shared'
import { saveRoomAccess } from '../access/roomAccess.ts'
import { importRoom, type ImportedRoom } from '../api/roomsApi.ts'
import { roomPath } from '../routing/matchRoute.ts'
import { navigate } from '../routing/navigate.ts'
import { detectFormat } from './detectFormat.ts'

/** The server's limit (MAX_IMPORT_BYTES): larger files are refused here, before the upload. */
const MAX_FILE_BYTES = 5 * 1024 * 1024

/**
 * Imports an OWASP Threat Dragon v2, Open Threat Model or OWASP Threat Model Library (TM-BOM)
 * JSON file as a new room, by file picker or drag and drop. The server validates the file and creates nothing when it is refused; its
 * message, which names what is wrong, is shown as is. When the import had to change something
 * (an unrated severity, a category outside STRIDE), the list is shown before the board opens.
 */
export function ImportRoomForm({
  adminToken,
  onImported,
}: {
  adminToken: string | undefined
  /** Called once the room exists (the lobby lists it while the summary is shown). */
  onImported?: () => void
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [dragging, setDragging] = useState(false)
  const [done, setDone] = useState<ImportedRoom | null>(null)

  const importFile = async (file: File) => {
    setError(null)
    setDone(null)
    if (file.size > MAX_FILE_BYTES) {
      setError(`${file.name} is larger than 5 MB.`)
      return
    }
    let json: unknown
    try {
      json = JSON.parse(await file.text())
    } catch {
      setError(`${file.name} is not a JSON file.`)
      return
    }
    const format = detectFormat(json)
    if (!format) {
      setError(
        `${file.name} is not a Threat Dragon v2 model, an Open Threat Model file or a TM-BOM threat model.`,
      )
      return
    }
    setBusy(true)
    try {
      const room = await importRoom(format, json, adminToken)
      saveRoomAccess(room.id, { token: room.tokens.owner, role: 'owner', invites: room.tokens })
      if (room.warnings.length === 0) {
        navigate(roomPath(room.id))
        return
      }
      setDone(room)
      onImported?.()
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
    setBusy(false)
  }

  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setDragging(false)
    const file = event.dataTransfer.files[0]
    if (file) void importFile(file)
  }

  return (
    <div
      className={`tb-import${dragging ? ' tb-import--dragging' : ''}`}
      data-testid="import-drop-zone"
      onDragOver={(e) => {
        e.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label htmlFor="import-file">
        Import a Threat Dragon, OTM or TM-BOM file{' '}
        <span className="tb-muted">(or drop it here)</span>
      </label>
      <input
        id="import-file"
        type="file"
        accept=".json,application/json"
        data-testid="import-file-input"
        disabled={busy}
        onChange={(e) => {
          const file = e.target.files?.[0]
          if (file) void importFile(file)
          e.target.value = ''
        }}
      />
      {busy && (
        <p className="tb-muted" role="status">
          Importing…
        </p>
      )}
      {done && <ImportSummary room={done} />}
      {error && (
        <p className="tb-error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
    </div>
  )
}

function ImportSummary({ room }: { room: ImportedRoom }) {
  const { elements, flows, boundaries, threats } = room.imported
  const openButton = useRef<HTMLButtonElement>(null)
  // The summary appears where the file was picked, often low in the lobby, and its list can be
  // long (one line per threat the import had to categorise): the way on is shown first, in view,
  // with the keyboard on it.
  useEffect(() => {
    openButton.current?.scrollIntoView({ block: 'nearest' })
    openButton.current?.focus({ preventScroll: true })
  }, [room.id])
  return (
    <div className="tb-import__done" role="status" data-testid="import-summary">
      <p>
        Imported <strong>{room.title}</strong>: {count(elements, 'element')}, {count(flows, 'flow')}
        , {count(boundaries, 'boundary', 'boundaries')}, {count(threats, 'threat')}. The import
        changed {count(room.warnings.length, 'thing')}, listed below.
      </p>
      <button
        ref={openButton}
        type="button"
        data-testid="open-imported-room"
        onClick={() => navigate(roomPath(room.id))}
      >
        Open the board
      </button>
      <ul data-testid="import-warnings" aria-label="What the import changed">
        {room.warnings.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
    </div>
  )
}
