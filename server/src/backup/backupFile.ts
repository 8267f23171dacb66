import { createReadStream } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { z } from 'zod'
import { ROLES } from '@threatboard/shared/api/access.ts'
import type { RoomDump, RoomStore } from '../persistence/RoomStore.ts'

/**
 * A backup is JSON lines, the same for every store, so a SQLite backup restores into PostgreSQL
 * and back: a header, one line per room (`RoomDump`, bytes in base64), and a trailer with the
 * count, so a truncated file is refused rather than half restored.
 */
const FORMAT = 'threatboard-backup'
const VERSION = 1

const bytes = z.base64().transform((s) => new Uint8Array(Buffer.from(s, 'base64')))
const epochMs = z.number().int().nonnegative()

const Header = z.object({ format: z.literal(FORMAT), version: z.literal(VERSION) })
const RoomLine = z.object({
  room: z.object({
    id: z.string().min(1).max(200),
    title: z.string().max(10_000),
    createdAt: epochMs,
    updatedAt: epochMs,
  }),
  snapshot: bytes,
  tokens: z.array(z.object({ role: z.enum(ROLES), tokenHash: z.string().min(1) })),
  stagedHints: z.array(z.object({ hintId: z.string().min(1), json: z.string() })),
  versions: z.array(
    z.object({
      id: z.string().min(1),
      number: z.number().int().positive(),
      name: z.string(),
      createdBy: z.string(),
      createdAt: epochMs,
      sizeBytes: z.number().int().nonnegative(),
      snapshot: bytes,
    }),
  ),
})
const Trailer = z.object({ end: z.literal(true), rooms: z.number().int().nonnegative() })

/** A backup file that cannot be restored: says which line and why. */
export class BackupFileError extends Error {
  override name = 'BackupFileError'
}

const b64 = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64')

function roomLine(dump: RoomDump): string {
  return JSON.stringify({
    ...dump,
    snapshot: b64(dump.snapshot),
    versions: dump.versions.map((v) => ({ ...v, snapshot: b64(v.snapshot) })),
  })
}

/**
 * Writes every room of `store` to `file`, one room read at a time (each at one moment; rooms
 * being edited meanwhile are taken as they are when their turn comes). The file appears under
 * its name only once complete and fsynced. Returns the number of rooms.
 */
export async function writeBackup(store: RoomStore, file: string): Promise<number> {
  const partial = `${file}.partial`
  const out = await open(partial, 'w')
  let count = 0
  try {
    await out.write(
      `${JSON.stringify({ format: FORMAT, version: VERSION, createdAt: new Date().toISOString() })}\n`,
    )
    for (const { id } of await store.listRooms()) {
      const dump = await store.exportRoom(id)
      if (!dump) continue // deleted meanwhile
      await out.write(`${roomLine(dump)}\n`)
      count++
    }
    await out.write(`${JSON.stringify({ end: true, rooms: count })}\n`)
    await out.sync()
  } catch (err) {
    await out.close()
    await rm(partial, { force: true })
    throw err
  }
  await out.close()
  await rename(partial, file)
  return count
}

/** Reads and checks every line of a backup, yielding its rooms; throws on the first fault. */
async function* readBackup(file: string): AsyncGenerator<RoomDump> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity })
  let n = 0
  let rooms = 0
  let ended = false
  const fail = (why: string): never => {
    throw new BackupFileError(`${file}, line ${n}: ${why}`)
  }
  const parse = <T>(schema: z.ZodType<T>, text: string): T => {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return fail('not JSON')
    }
    const result = schema.safeParse(json)
    if (!result.success) return fail(z.prettifyError(result.error).replaceAll('\n', '; '))
    return result.data
  }
  for await (const text of lines) {
    n++
    if (text.trim() === '') continue
    if (ended) fail('content after the end of the backup')
    if (n === 1) {
      parse(Header, text)
    } else if (text.startsWith('{"end"')) {
      const trailer = parse(Trailer, text)
      if (trailer.rooms !== rooms) fail(`the backup says ${trailer.rooms} rooms, it holds ${rooms}`)
      ended = true
    } else {
      rooms++
      yield parse(RoomLine, text)
    }
  }
  if (n === 0) fail('empty file')
  if (!ended) fail('the backup ends early (no end line): it is incomplete')
}

/**
 * Restores a backup into `store`, which must hold none of its rooms: the whole file is checked
 * first (format, every room, the count, no room already there), then each room is written in
 * its own transaction. Returns the number of rooms.
 */
export async function restoreBackup(store: RoomStore, file: string): Promise<number> {
  const existing: string[] = []
  for await (const dump of readBackup(file)) {
    if (await store.getRoom(dump.room.id)) existing.push(dump.room.id)
  }
  if (existing.length > 0) {
    throw new BackupFileError(
      `the store already holds ${existing.length} of the backup's rooms (${existing.slice(0, 3).join(', ')}…): restore into an empty store`,
    )
  }
  let count = 0
  for await (const dump of readBackup(file)) {
    await store.importRoom(dump)
    count++
  }
  return count
}
