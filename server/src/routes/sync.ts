import type { FastifyPluginAsync } from 'fastify'
import { CloseCode, isRoomId } from '@threatboard/shared'
import { ApiError, RoomError } from '../errors.ts'
import { SyncConnection } from '../sync/SyncConnection.ts'
import type { Room } from '../rooms/Room.ts'
import { can, type RoomCaller } from '../auth/authorize.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the sync route's pre-upgrade check. */
    roomCaller: RoomCaller | null
  }
}

/**
 * `GET /sync/:roomId?token=…` upgrades to the y-websocket protocol. The room id and the token
 * are checked before the upgrade, so a bad id, an unknown room or a missing or wrong token gets
 * a plain HTTP 400/404/401 and no socket: nothing of the room is sent.
 */
export const syncRoutes: FastifyPluginAsync = async (app) => {
  const { limits, pingIntervalMs, rateLimits } = app.config
  app.decorateRequest('roomCaller', null)

  app.get(
    '/sync/:roomId',
    {
      websocket: true,
      config: { rateLimit: { max: rateLimits.roomPerMin, timeWindow: 60_000 } },
      preValidation: async (req) => {
        const { roomId } = req.params as { roomId: string }
        if (!isRoomId(roomId)) throw new ApiError('BAD_REQUEST', 'invalid room id')
        if (!(await app.store.getRoom(roomId))) {
          throw new ApiError('ROOM_NOT_FOUND', 'room not found')
        }
        req.roomCaller = await app.authorize(req, roomId, 'read')
      },
    },
    (socket, req) => {
      const { roomId } = req.params as { roomId: string }
      const log = req.log.child({ room: roomId })
      const caller = req.roomCaller!
      let room: Room | undefined
      const conn = new SyncConnection(
        socket,
        log,
        {
          maxDocBytes: limits.maxDocBytes,
          pingIntervalMs,
          role: caller.role,
          canWrite: can(caller.role, 'edit'),
        },
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
