import type { ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { WebSocket } from 'ws'
import type { FastifyPluginAsync } from 'fastify'
import { CloseCode } from '@threatboard/shared/protocol/closeCodes.ts'
import { isRoomId } from '@threatboard/shared/protocol/roomId.ts'
import { ApiError, RoomError } from '../errors.ts'
import { SyncConnection } from '../sync/SyncConnection.ts'
import type { Room } from '../rooms/Room.ts'
import { can, type Role, type RoomCaller } from '../auth/authorize.ts'
import type { Config } from '../config.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the sync route's pre-upgrade check. */
    roomCaller: RoomCaller | null
    /** The HTTP response the upgrade request came with (see `releaseUpgradeRequest`). */
    upgradeResponse: ServerResponse | null
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
  app.decorateRequest('upgradeResponse', null)
  /** Open sync sockets per client address. */
  const perIp = new Map<string, number>()

  app.get(
    '/sync/:roomId',
    {
      websocket: true,
      config: { rateLimit: { max: rateLimits.roomPerMin, timeWindow: 60_000 } },
      preValidation: async (req, reply) => {
        req.upgradeResponse = reply.raw
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
      const log = app.log.child({ reqId: req.id, room: roomId })
      const caller = req.roomCaller!
      const ip = req.ip
      releaseUpgradeRequest(socket, req.raw.socket, req.upgradeResponse)
      const fromIp = perIp.get(ip) ?? 0
      perIp.set(ip, fromIp + 1)
      let room: Room | undefined
      const conn = new SyncConnection(
        socket,
        log,
        {
          maxDocBytes: limits.maxDocBytes,
          pingIntervalMs,
          role: caller.role,
          canWrite: can(caller.role, 'edit'),
          maxSocketBufferBytes: limits.maxSocketBufferBytes,
          maxAwarenessBytes: limits.maxAwarenessBytes,
          awarenessRatePerSec: limits.awarenessRatePerSec,
          onRefused: app.metrics.onRefused,
        },
        () => {
          const left = (perIp.get(ip) ?? 1) - 1
          if (left > 0) perIp.set(ip, left)
          else perIp.delete(ip)
          conn.detach()
          if (room) app.rooms.release(room)
        },
      )
      if (fromIp >= limits.maxConnectionsPerIp) {
        log.warn({ ip }, 'refused a sync connection: too many from this address')
        return conn.close(CloseCode.TOO_MANY_CONNECTIONS, 'too many connections from your address')
      }
      app.rooms.acquire(roomId).then(
        (acquired) => {
          room = acquired
          if (socket.readyState !== socket.OPEN) return app.rooms.release(acquired)
          if (acquired.peers.size >= roomCapacity(limits, caller.role)) {
            log.info({ role: caller.role }, 'refused a sync connection: room full')
            return conn.close(CloseCode.ROOM_FULL, `room is full for the ${caller.role} role`)
          }
          if (acquired.deleted) return conn.close(CloseCode.ROOM_NOT_FOUND, 'room deleted')
          conn.attach(acquired)
        },
        (err: unknown) => {
          const reason = err instanceof RoomError ? err.reason : undefined
          if (reason !== 'ROOM_NOT_FOUND' && reason !== 'TOO_MANY_ROOMS') {
            log.error({ err }, 'could not open room')
          }
          conn.close(
            reason === 'ROOM_NOT_FOUND'
              ? CloseCode.ROOM_NOT_FOUND
              : reason === 'TOO_MANY_ROOMS'
                ? CloseCode.SERVER_BUSY
                : CloseCode.INTERNAL_ERROR,
            err instanceof RoomError ? err.message : 'room could not be opened',
          )
        },
      )
    },
  )
}

/**
 * Lets the upgrade's HTTP request go once the socket is open. @fastify/websocket leaves the
 * request's `ServerResponse` on the TCP socket and an error listener holding the Fastify request
 * and reply on the WebSocket, so every open socket kept its whole HTTP exchange (headers, the
 * security headers set for it, two loggers): about 5.5 KiB of heap per connection (bench/RESULTS.md).
 * The socket's errors are handled by `SyncConnection` instead, as the plugin's default did: logged,
 * and the socket terminated.
 */
function releaseUpgradeRequest(
  socket: WebSocket,
  tcp: Socket,
  response: ServerResponse | null,
): void {
  response?.detachSocket(tcp)
  socket.removeAllListeners('error')
}

/**
 * How many peers a room may already have for one more of this role to join: owners may take
 * every slot, editors all but the owners' reserve, observers and viewers all but the editors'
 * (which includes the owners'). So leaked read links cannot lock the people running the session
 * out of it.
 */
export function roomCapacity(limits: Config['limits'], role: Role): number {
  const max = limits.maxConnectionsPerRoom
  if (role === 'owner') return max
  if (role === 'editor') return max - limits.roomReserveOwners
  return max - limits.roomReserveEditors
}
