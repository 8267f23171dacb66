import type { CreatedRoom } from '@threatboard/shared/api/access.ts'
import { withoutUnsafeNameChars } from '@threatboard/shared/domain/common.ts'
import type { InteropFormat } from '@threatboard/shared/interop/formats.ts'
import { ApiError } from '../errors.ts'
import type { RoomStore } from '../persistence/RoomStore.ts'
// The runner is the worker-thread machinery the import route owns (and closes); only its type is used here.
import type { ImportRunner } from '../routes/importRunner.ts'
import type { UseCaseLog } from './deps.ts'
import { createRoom } from './rooms.ts'

type Imported = Awaited<ReturnType<ImportRunner['run']>>

/** A room created from a model file, with what the import counted and had to change. */
export type ImportedRoom = CreatedRoom & {
  imported: { format: InteropFormat } & Imported['counts']
  warnings: Imported['warnings']
}

/**
 * Creates a room from a model file: the file is read and the board built on the runner's worker
 * thread; a board bigger than a room may be is refused before anything is stored.
 */
export async function importRoom(
  deps: { store: RoomStore; log: UseCaseLog; runner: Pick<ImportRunner, 'run'> },
  origin: string,
  input: { format: InteropFormat; label: string; text: string; maxDocBytes: number },
): Promise<ImportedRoom> {
  const { format, label, maxDocBytes } = input
  const built = await deps.runner.run(format, label, input.text).catch((err: unknown) => {
    if (err instanceof ApiError && err.code === 'BAD_REQUEST') {
      throw new ApiError('BAD_REQUEST', `Invalid ${label} file: ${err.message}`)
    }
    throw err
  })
  const { snapshot, counts, warnings } = built
  // The room's title is held to the API's rule for titles: a file is not asked, it is cleaned.
  const title = withoutUnsafeNameChars(built.title).trim() || 'Imported threat model'
  if (title !== built.title) {
    warnings.push('title: control characters or text-direction marks removed')
  }
  if (snapshot.byteLength > maxDocBytes) {
    throw new ApiError(
      'PAYLOAD_TOO_LARGE',
      `the imported board would take ${snapshot.byteLength} bytes; this server allows ${maxDocBytes}`,
    )
  }
  const created = await createRoom(deps, origin, title, snapshot)
  return { ...created, imported: { format, ...counts }, warnings }
}
