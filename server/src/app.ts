import Fastify, { type FastifyInstance } from 'fastify'
import websocket from '@fastify/websocket'
import { CloseCode } from '@threatboard/shared/protocol/closeCodes.ts'
import type { Config } from './config.ts'
import type { RoomStore } from './persistence/RoomStore.ts'
import { createStore } from './persistence/createStore.ts'
import { RoomRegistry } from './rooms/RoomRegistry.ts'
import type { Fanout } from './scale/Fanout.ts'
import { LocalFanout } from './scale/LocalFanout.ts'
import type { RedisFanout } from './scale/RedisFanout.ts'
import { Metrics, metricsPlugin } from './plugins/metrics.ts'
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
import { ReportRenderer } from './report/ReportRenderer.ts'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    store: RoomStore
    rooms: RoomRegistry
    fanout: Fanout
    metrics: Metrics
    authorize: Authorize
    /** Worker threads that render reports and exports, off the event loop. */
    renderer: ReportRenderer
  }
}

export interface AppOptions {
  config: Config
  /** A store to use instead of the one `config.store` names (tests inject one). */
  store?: RoomStore
  /** A fan-out bus to use instead of the one `config` names (tests join nodes in-process). */
  fanout?: Fanout
}

/**
 * The fan-out bus `config` names: Redis with REDIS_URL (the node starts even if Redis is down,
 * reported by /readyz, and connects when it can), else a bus of this node's own.
 */
async function createFanout(config: Config, log: FastifyInstance['log']): Promise<Fanout> {
  if (!config.redisUrl) return new LocalFanout(config.nodeId)
  // ioredis loads only when a node has Redis to talk to.
  const { RedisFanout } = await import('./scale/RedisFanout.ts')
  const fanout = new RedisFanout(config.redisUrl, {
    nodeId: config.nodeId,
    prefix: config.redisKeyPrefix,
    log,
  })
  await fanout.connect().catch((err: unknown) => {
    log.warn({ err }, 'redis is unreachable at start; serving local clients until it is back')
  })
  return fanout
}

export function redactToken(url: string): string {
  return url.replace(/([?&]token=)[^&]*/g, '$1[redacted]')
}

/** Composes the server. Listening and signals are main.ts's business. */
export async function buildApp({ config, store, fanout }: AppOptions): Promise<FastifyInstance> {
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
    // Behind a load balancer, `req.ip` is the client's address only for the proxies named here.
    trustProxy: config.trustProxy ?? false,
    // Closing the server must not wait for idle keep-alive sockets.
    forceCloseConnections: 'idle',
    // Long ids must reach the route's own validation (a clear 400) instead of the router's 414,
    // which on an upgrade request leaves the socket open and holds up shutdown.
    routerOptions: { maxParamLength: 8192 },
  })
  const roomStore = store ?? (await createStore(config))
  const bus = fanout ?? (await createFanout(config, app.log))
  const metrics = new Metrics({
    connections: () => app.websocketServer?.clients.size ?? 0,
    rooms: () => rooms.loadedIds().length,
    roomsAsleep: () => rooms.sleepingCount(),
    fanoutUp: () => bus.health === 'ok',
  })
  const rooms: RoomRegistry = new RoomRegistry({
    store: metrics.instrument(roomStore),
    onFanoutApplied: (kind, sentAt) => metrics.fanoutApplied(kind, sentAt),
    sharedStore: config.store === 'postgres',
    log: app.log,
    storeRetryMs: config.storeRetryMs,
    compactAfterBytes: config.compactAfterBytes,
    compactAfterUpdates: config.compactAfterUpdates,
    sleepAfterMs: config.roomSleepAfterMs,
    onRoomWake: () => metrics.roomWakes.inc(),
    maxLoadedRooms: config.limits.maxLoadedRooms,
    fanout: bus,
  })
  app.decorate('config', config)
  app.decorate('store', roomStore)
  app.decorate('rooms', rooms)
  app.decorate('fanout', bus)
  app.decorate('metrics', metrics)
  app.decorate('authorize', createAuthorize(roomStore))
  const renderer = new ReportRenderer(config.reports)
  app.decorate('renderer', renderer)
  // Before the server waits for in-flight requests: a long render must not hold up shutdown.
  app.addHook('preClose', () => renderer.close())

  await app.register(errorHandler)
  await app.register(metricsPlugin, { metrics, adminToken: config.adminToken })
  await app.register(security, {
    redis: 'client' in bus ? (bus as RedisFanout).client : undefined,
    keyPrefix: config.redisKeyPrefix,
  })
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
    rooms.leaveCluster()
    await rooms.flushAll()
    await bus.close()
    await roomStore.close()
  })

  app.get('/healthz', async () => ({ status: 'ok' }))
  /**
   * Whether the node is fully in service. `unavailable` (503): the store refuses writes, so the
   * node turns writers away (4507) until it takes them again. `degraded`: it serves its own
   * clients, but the fan-out bus is down, so clients on other nodes do not see their changes
   * until it is back.
   */
  app.get('/readyz', async (_req, reply) => {
    const refusing = rooms.storeRefusingRooms()
    const fanout = bus.health === 'ok' ? {} : { fanout: bus.health }
    if (refusing > 0) {
      return reply.code(503).send({ status: 'unavailable', store: 'failing', refusing, ...fanout })
    }
    return bus.health === 'ok' ? { status: 'ok' } : { status: 'degraded', ...fanout }
  })
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
