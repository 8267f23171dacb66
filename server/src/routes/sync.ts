import type { FastifyPluginAsync } from 'fastify'
import { CloseCode, isRoomId } from '@threatboard/shared'
import { ApiError, RoomError } from '../errors.ts'
import { SyncConnection } from '../sync/SyncConnection.ts'
import type { Room } from '../rooms/Room.ts'

/**
 * `GET /sync/:roomId` upgrades to the y-websocket protocol. The room id is checked before the
 * upgrade, so a bad or unknown id gets a plain HTTP 400/404 and no socket.
 */
export const syncRoutes: FastifyPluginAsync = async (app) => {
  const { limits, pingIntervalMs } = app.config

  app.get(
    '/sync/:roomId',
    {
      websocket: true,
      preValidation: async (req) => {
        const { roomId } = req.params as { roomId: string }
        if (!isRoomId(roomId)) throw new ApiError('BAD_REQUEST', 'invalid room id')
        if (!(await app.store.getRoom(roomId))) {
          throw new ApiError('ROOM_NOT_FOUND', 'room not found')
        }
      },
    },
    (socket, req) => {
      const { roomId } = req.params as { roomId: string }
      const log = req.log.child({ room: roomId })
      let room: Room | undefined
      const conn = new SyncConnection(
        socket,
        log,
        { maxDocBytes: limits.maxDocBytes, pingIntervalMs },
        () => {
          conn.detach()
          if (room) app.rooms.release(room)
        },
      )
      app.rooms.acquire(roomId).then(
        (acquired) => {
          room = acquired
          if (socket.readyState !== socket.OPEN) return app.rooms.release(acquired)
          if (acquired.peers.size >= limits.maxConnectionsPerRoom) {
            return conn.close(CloseCode.INTERNAL_ERROR, 'room is full')
          }
          if (acquired.deleted) return conn.close(CloseCode.ROOM_NOT_FOUND, 'room deleted')
          conn.attach(acquired)
        },
        (err: unknown) => {
          const notFound = err instanceof RoomError && err.code === 'ROOM_NOT_FOUND'
          if (!notFound) log.error({ err }, 'could not open room')
          conn.close(
            notFound ? CloseCode.ROOM_NOT_FOUND : CloseCode.INTERNAL_ERROR,
            err instanceof RoomError ? err.message : 'room could not be opened',
          )
        },
      )
    },
  )
}
