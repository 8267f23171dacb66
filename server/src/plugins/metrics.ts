import fp from 'fastify-plugin'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { DocStore } from '../persistence/DocStore.ts'
import type { RefusalReason } from '../sync/SyncConnection.ts'
import { requireAdminToken } from '../routes/roomGuard.ts'

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/**
 * What a node counts for Prometheus, in a registry of its own (several servers may share a
 * process in tests). Gauges of live state are read when scraped.
 */
export class Metrics {
  readonly registry = new Registry()
  readonly updates = new Counter({
    name: 'threatboard_updates_total',
    help: 'Document updates applied to loaded rooms, by where they came from (stored here, or fan-out from another node)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  })
  readonly appendBatch = new Histogram({
    name: 'threatboard_store_append_batch_updates',
    help: 'Updates written per store transaction (group commit)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [this.registry],
  })
  readonly appendSeconds = this.seconds(
    'threatboard_store_append_seconds',
    'Time to commit one batch of updates: how long an accepted update waits before it is relayed',
  )
  readonly compactionSeconds = this.seconds(
    'threatboard_compaction_seconds',
    'Time to write a compaction: the folded snapshot replacing the log entries it holds',
  )
  readonly fanoutLag = this.seconds(
    'threatboard_fanout_lag_seconds',
    'From another node publishing a change to this node applying it (clocks of both nodes)',
  )
  readonly refused = new Counter({
    name: 'threatboard_refused_messages_total',
    help: 'Client messages refused or dropped, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  })
  readonly http = new Histogram({
    name: 'threatboard_http_request_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  })

  readonly roomWakes = new Counter({
    name: 'threatboard_room_wakes_total',
    help: 'Times a sleeping room loaded its document again (ROOM_SLEEP_AFTER_MS)',
    registers: [this.registry],
  })

  constructor(live: {
    connections: () => number
    rooms: () => number
    roomsAsleep: () => number
    fanoutUp: () => boolean
  }) {
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read())
        },
      })
    gauge('threatboard_connections', 'Open sync connections on this node', live.connections)
    gauge('threatboard_rooms_loaded', 'Rooms held in memory on this node', live.rooms)
    gauge(
      'threatboard_rooms_asleep',
      'Of those, rooms keeping their document encoded while idle (ROOM_SLEEP_AFTER_MS)',
      live.roomsAsleep,
    )
    gauge(
      'threatboard_fanout_up',
      '1 while the node reaches the fan-out bus (always 1 for a node alone)',
      () => (live.fanoutUp() ? 1 : 0),
    )
    collectDefaultMetrics({ register: this.registry, prefix: 'threatboard_' })
  }

  private seconds(name: string, help: string): Histogram {
    return new Histogram({ name, help, buckets: SECONDS, registers: [this.registry] })
  }

  onRefused = (reason: RefusalReason): void => {
    this.refused.inc({ reason })
  }

  /** The store with its document writes timed and counted. */
  instrument(store: DocStore): DocStore {
    return {
      loadDoc: (id) => store.loadDoc(id),
      appendUpdates: async (id, updates) => {
        const end = this.appendSeconds.startTimer()
        const seq = await store.appendUpdates(id, updates)
        end()
        this.appendBatch.observe(updates.length)
        this.updates.inc({ source: 'stored' }, updates.length)
        return seq
      },
      compact: async (id, snapshot, upToSeq) => {
        const end = this.compactionSeconds.startTimer()
        await store.compact(id, snapshot, upToSeq)
        end()
      },
    }
  }

  /** A change another node published at `sentAt` (epoch ms) was applied here now. */
  fanoutApplied(kind: 'update' | 'awareness', sentAt: number): void {
    if (kind === 'update') this.updates.inc({ source: 'fanout' })
    this.fanoutLag.observe(Math.max(0, Date.now() - sentAt) / 1000)
  }
}

/**
 * `GET /metrics` in Prometheus' text format, and the HTTP latency of every other route. Behind
 * the admin token when the server has one (scrapers send it as a bearer token).
 */
export const metricsPlugin = fp<{ metrics: Metrics; adminToken: string | undefined }>(
  async (app, { metrics, adminToken }) => {
    app.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions.url
      if (route === undefined || route === '/metrics') return
      metrics.http.observe(
        { method: req.method, route, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      )
    })
    app.get('/metrics', async (req, reply) => {
      requireAdminToken(adminToken, req)
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics())
    })
  },
)
