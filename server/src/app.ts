import Fastify, { type FastifyInstance } from 'fastify'
import websocket from '@fastify/websocket'
import { CloseCode } from '@threatboard/shared'
import type { Config } from './config.ts'
import type { RoomStore } from './persistence/RoomStore.ts'
import { MemoryRoomStore } from './persistence/MemoryRoomStore.ts'
import { SqliteRoomStore } from './persistence/SqliteRoomStore.ts'
import { RoomRegistry } from './rooms/RoomRegistry.ts'
import { errorHandler } from './plugins/errorHandler.ts'
import { createAuthorize, type Authorize } from './auth/authorize.ts'
import { security } from './plugins/security.ts'
import { clientApp } from './plugins/clientApp.ts'
import { roomsRoutes } from './routes/rooms.ts'
import { syncRoutes } from './routes/sync.ts'
import { hintsRoutes } from './routes/hints.ts'
import { versionsRoutes } from './routes/versions.ts'
import { restoreRoutes } from './routes/restore.ts'
import { interopRoutes } from './routes/interop.ts'
import { reportRoutes } from './routes/report.ts'
import { templatesRoutes } from './routes/templates.ts'
import { trainingsRoutes } from './routes/trainings.ts'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    store: RoomStore
    rooms: RoomRegistry
    authorize: Authorize
  }
}

export interface AppOptions {
  config: Config
  /** A store to use instead of the one `config.store` names (tests inject one). */
  store?: RoomStore
}

export function createStore(config: Config): RoomStore {
  return config.store === 'memory'
    ? new MemoryRoomStore()
    : new SqliteRoomStore(config.dataDir, { synchronous: config.sqliteSynchronous })
}

export function redactToken(url: string): string {
  return url.replace(/([?&]token=)[^&]*/g, '$1[redacted]')
}

/** Composes the server. Listening and signals are main.ts's business. */
export async function buildApp({ config, store }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Sync URLs carry `?token=`: never let a token reach the logs.
      serializers: {
        req: (req) => ({
          method: req.method,
          url: redactToken(req.url),
          remoteAddress: req.ip,
        }),
      },
    },
    bodyLimit: config.limits.maxBodyBytes,
    // Closing the server must not wait for idle keep-alive sockets.
    forceCloseConnections: 'idle',
    // Long ids must reach the route's own validation (a clear 400) instead of the router's 414,
    // which on an upgrade request leaves the socket open and holds up shutdown.
    routerOptions: { maxParamLength: 8192 },
  })
  const roomStore = store ?? createStore(config)
  const rooms = new RoomRegistry({
    store: roomStore,
    log: app.log,
    storeRetryMs: config.storeRetryMs,
    compactAfterUpdates: config.compactAfterUpdates,
    maxLoadedRooms: config.limits.maxLoadedRooms,
  })
  app.decorate('config', config)
  app.decorate('store', roomStore)
  app.decorate('rooms', rooms)
  app.decorate('authorize', createAuthorize(roomStore))

  await app.register(errorHandler)
  await app.register(security)
  await app.register(websocket, {
    options: { maxPayload: config.limits.maxMessageBytes },
    // Every sync socket is told why it closes; then every room is flushed and compacted.
    preClose: (done) => {
      const wss = app.websocketServer
      for (const client of wss.clients) client.close(CloseCode.GOING_AWAY, 'server shutting down')
      // Peers that do not answer the close handshake must not hold the shutdown up.
      const cutOff = setTimeout(() => {
        for (const client of wss.clients) client.terminate()
      }, 1000)
      wss.close(() => {
        clearTimeout(cutOff)
        done()
      })
    },
  })
  app.addHook('onClose', async () => {
    await rooms.flushAll()
    await roomStore.close()
  })

  app.get('/healthz', async () => ({ status: 'ok' }))
  await app.register(roomsRoutes)
  await app.register(hintsRoutes)
  await app.register(versionsRoutes)
  await app.register(restoreRoutes)
  await app.register(reportRoutes)
  await app.register(templatesRoutes)
  await app.register(trainingsRoutes)
  await app.register(interopRoutes)
  await app.register(syncRoutes)
  await app.register(clientApp)
  return app
}
