import * as Y from 'yjs'
import type { FastifyPluginAsync } from 'fastify'
import {
  CloseCode,
  createBoardSchema,
  CreateRoomBodySchema,
  createRoomId,
  initialBoardRecords,
  isRoomId,
  PatchRoomBodySchema,
  seedRoomDoc,
  type RoomSummary,
} from '@threatboard/shared'
import { ApiError } from '../errors.ts'
import type { RoomRecord } from '../persistence/RoomStore.ts'
import { parse } from './parse.ts'

const schema = createBoardSchema()

export function toSummary(r: RoomRecord): RoomSummary {
  return {
    id: r.id,
    title: r.title,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
    sizeBytes: r.sizeBytes,
  }
}

/** The document every new room starts from, seeded here so clients never race to seed it. */
function initialSnapshot(): Uint8Array {
  const doc = new Y.Doc()
  seedRoomDoc(doc, schema, initialBoardRecords())
  const snapshot = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return snapshot
}

/** Checks the id's format before any lookup: a malformed id is a 400, an unknown one a 404. */
export function roomIdParam(params: unknown): string {
  const id = (params as { id?: string }).id ?? ''
  if (!isRoomId(id)) throw new ApiError('BAD_REQUEST', 'invalid room id')
  return id
}

export const roomsRoutes: FastifyPluginAsync = async (app) => {
  const notFound = () => new ApiError('ROOM_NOT_FOUND', 'room not found')

  app.get('/api/rooms', async () => {
    const rooms = await app.store.listRooms()
    return { rooms: rooms.map(toSummary) }
  })

  app.post('/api/rooms', async (req, reply) => {
    const body = parse(CreateRoomBodySchema, req.body, 'room')
    const record = await app.store.createRoom({
      id: createRoomId(),
      title: body.title,
      snapshot: initialSnapshot(),
    })
    req.log.info({ room: record.id }, 'room created')
    return reply.code(201).send(toSummary(record))
  })

  app.get('/api/rooms/:id', async (req) => {
    const record = await app.store.getRoom(roomIdParam(req.params))
    if (!record) throw notFound()
    return toSummary(record)
  })

  app.patch('/api/rooms/:id', async (req) => {
    const id = roomIdParam(req.params)
    const body = parse(PatchRoomBodySchema, req.body, 'room')
    const record = await app.store.renameRoom(id, body.title)
    if (!record) throw notFound()
    return toSummary(record)
  })

  app.delete('/api/rooms/:id', async (req, reply) => {
    const id = roomIdParam(req.params)
    await app.rooms.evict(id, CloseCode.ROOM_NOT_FOUND, 'room deleted')
    if (!(await app.store.deleteRoom(id))) throw notFound()
    req.log.info({ room: id }, 'room deleted')
    return reply.code(204).send()
  })
}
