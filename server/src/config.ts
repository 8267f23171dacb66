import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { z } from 'zod'
import { DEFAULT_LIMITS } from '@threatboard/shared/protocol/limits.ts'

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max)

/**
 * Every setting of the server, read once from the environment at start-up. Each option is
 * documented in the README's configuration table; a bad value stops the server with a message
 * naming the variable.
 */
const EnvSchema = z.object({
  /** TCP port to listen on. 0 picks a free port (tests use it). */
  PORT: int(0, 65535).default(3000),
  /** Interface to bind. 127.0.0.1 keeps a local install private; 0.0.0.0 exposes it. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Directory for the SQLite database. Created if missing. */
  DATA_DIR: z.string().min(1).default('./data'),
  /**
   * Room storage: `sqlite` (the default, durable), `postgres` (the default when DATABASE_URL is
   * set; several nodes may share it) or `memory` (lost on exit; for demos).
   */
  STORE: z.enum(['sqlite', 'postgres', 'memory']).optional(),
  /** `postgres://user:password@host:port/database`: keeps rooms in PostgreSQL. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** PostgreSQL schema for Threatboard's tables (created if missing). Default: the search_path. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier (a-z, 0-9, _)')
    .optional(),
  /** Most connections one node opens to PostgreSQL. */
  DATABASE_POOL_SIZE: int(1, 1000).default(10),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest WebSocket message accepted, in bytes; larger closes the socket with 1009. */
  MAX_MESSAGE_BYTES: int(1024, 64 * 1024 * 1024).default(DEFAULT_LIMITS.maxMessageBytes),
  /** Largest room document, in bytes; an update that would pass it is refused (close 4413). */
  MAX_DOC_BYTES: int(64 * 1024, 1024 * 1024 * 1024).default(DEFAULT_LIMITS.maxDocBytes),
  /**
   * SQLite's `synchronous` setting. `FULL` fsyncs every commit: an accepted update survives a
   * power cut. `NORMAL` survives a crash of the server process but may lose the last commits on
   * a power cut or kernel crash, for commits several times cheaper (bench/RESULTS.md).
   */
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  /** While the store refuses writes, pending updates are retried this many ms apart. */
  STORE_RETRY_MS: int(10, 600_000).default(1000),
  /**
   * The update log of a loaded room is compacted into a snapshot once its bytes pass both this
   * and the snapshot's size…
   */
  COMPACT_AFTER_BYTES: int(1024, 1024 * 1024 * 1024).default(1024 * 1024),
  /** …or once it holds this many updates (bounds what loading the room replays). */
  COMPACT_AFTER_UPDATES: int(10, 1_000_000).default(10_000),
  /**
   * A loaded room whose document nothing read for this many ms (times its size in 64 KiB, at
   * most 60 times) keeps it encoded until it is used again; 0 keeps every document loaded.
   */
  ROOM_SLEEP_AFTER_MS: int(0, 86_400_000).default(2000),
  /** Sockets that do not answer a ping within this many ms are closed. */
  PING_INTERVAL_MS: int(1000, 600_000).default(30_000),
  /** Most rooms held in memory at once; opening another answers 503 / closes with 4503. */
  MAX_LOADED_ROOMS: int(1, 1_000_000).default(1000),
  /** Most simultaneous connections to one room (owners may use every one). */
  MAX_CONNECTIONS_PER_ROOM: int(1, 100_000).default(100),
  /** Of those, the last ones only owners and editors may take (observers and viewers may not). */
  ROOM_RESERVE_EDITORS: int(0, 100_000).default(10),
  /** Of those, the last ones only owners may take (within ROOM_RESERVE_EDITORS). */
  ROOM_RESERVE_OWNERS: int(0, 100_000).default(2),
  /** Most simultaneous sync connections from one client IP, over all rooms. */
  MAX_CONNECTIONS_PER_IP: int(1, 1_000_000).default(200),
  /**
   * Bytes a socket may have queued for sending (beyond the largest full-document reply it was
   * sent) before it is closed as too slow (4461): a client that does not read cannot grow the
   * server's memory.
   */
  MAX_SOCKET_BUFFER_BYTES: int(64 * 1024, 1024 * 1024 * 1024).default(8 * 1024 * 1024),
  /** Largest awareness (presence) update one client may send; larger closes with 4462. */
  MAX_AWARENESS_BYTES: int(256, 64 * 1024 * 1024).default(64 * 1024),
  /**
   * Awareness updates per second one socket may send, on average (bursts up to twice this);
   * faster closes the socket with 4463. tldraw publishes at most one per frame.
   */
  AWARENESS_RATE_PER_SEC: int(1, 100_000).default(60),
  /** Largest HTTP request body, in bytes. */
  MAX_BODY_BYTES: int(1024, 64 * 1024 * 1024).default(1024 * 1024),
  /**
   * When set (16+ characters), creating rooms and listing all rooms need
   * `Authorization: Bearer <ADMIN_TOKEN>`. Unset: both are open (a local install).
   */
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Public origin used in invite links (e.g. https://threats.example.com). Default: the request's. */
  PUBLIC_URL: z.url().optional(),
  /** Rooms one client IP may create per minute. */
  RATE_LIMIT_CREATE_PER_MIN: int(1, 100_000).default(30),
  /** Authenticated room requests (API calls and sync connections) per minute per IP. */
  RATE_LIMIT_ROOM_PER_MIN: int(1, 1_000_000).default(600),
  /** Hints one client IP may post per minute. */
  RATE_LIMIT_HINTS_PER_MIN: int(1, 100_000).default(30),
  /** Reports rendered at once (each in its own worker thread); one more is answered 503. */
  REPORT_RENDERS: int(1, 64).default(2),
  /** Wall-clock time one report render may take before it is stopped (422). */
  REPORT_TIMEOUT_MS: int(1000, 3_600_000).default(60_000),
  /** Heap of one report render thread, in MiB; a render that needs more is stopped (422). */
  REPORT_HEAP_MB: int(64, 65_536).default(1024),
  /** Directory of the built client served at `/`. */
  CLIENT_DIST: z.string().min(1).optional(),
  /**
   * `redis://…` (or `rediss://…`) turns on cluster mode: nodes sharing one store hear each
   * other's changes, presence, revocations and deletions over Redis, and share rate limits.
   */
  REDIS_URL: z
    .url()
    .refine((u) => /^rediss?:\/\//.test(u), 'must start with redis:// or rediss://')
    .optional(),
  /** Prefix of every Redis key and channel, so several clusters (or test runs) can share one. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'letters, digits and : _ . - only (at most 64)')
    .default('threatboard:'),
  /** This node's name in the cluster (logs, Redis). Default: host name, process id and a nonce. */
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits and _ . - only (at most 64)')
    .optional(),
  /**
   * Addresses (or CIDR ranges) of the reverse proxies in front of this server, comma-separated.
   * A request from one of them is taken to come from the address its X-Forwarded-For names, so
   * per-address limits count clients, not the proxy. Unset: the socket's own address, always.
   */
  TRUST_PROXY: z
    .string()
    .transform((v) => v.split(',').map((a) => a.trim()))
    .pipe(
      z
        .array(
          z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
            error: 'an IP address or CIDR range',
          }),
        )
        .min(1),
    )
    .optional(),
})

/** Variables whose values never appear in an error message (URLs may hold a password). */
const SECRETS = new Set(['ADMIN_TOKEN', 'DATABASE_URL', 'REDIS_URL'])

export interface Config {
  port: number
  host: string
  dataDir: string
  store: 'sqlite' | 'postgres' | 'memory'
  /** Set when `store` is `postgres`. */
  database: { url: string; schema: string | undefined; poolSize: number } | undefined
  sqliteSynchronous: 'FULL' | 'NORMAL'
  logLevel: string
  limits: {
    maxMessageBytes: number
    maxDocBytes: number
    maxLoadedRooms: number
    maxConnectionsPerRoom: number
    roomReserveEditors: number
    roomReserveOwners: number
    maxConnectionsPerIp: number
    maxBodyBytes: number
    maxSocketBufferBytes: number
    maxAwarenessBytes: number
    awarenessRatePerSec: number
  }
  storeRetryMs: number
  compactAfterBytes: number
  compactAfterUpdates: number
  /** See ROOM_SLEEP_AFTER_MS; 0: rooms never sleep. */
  roomSleepAfterMs: number
  pingIntervalMs: number
  clientDist: string
  adminToken: string | undefined
  publicUrl: string | undefined
  rateLimits: { createPerMin: number; roomPerMin: number; hintsPerMin: number }
  reports: { concurrency: number; timeoutMs: number; heapMb: number }
  /** Cluster mode: the Redis to fan out over, or undefined for a node alone. */
  redisUrl: string | undefined
  redisKeyPrefix: string
  nodeId: string
  /** Proxies whose X-Forwarded-For is believed (TRUST_PROXY), or undefined for none. */
  trustProxy: string[] | undefined
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** The config from the process's environment; a bad one is printed and the process exits (2). */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig()
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    process.stderr.write(`${err.message}\n`)
    process.exit(2)
  }
}

/** Builds the config from `env`, or throws a ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blankToUndefined = Object.fromEntries(
    Object.keys(EnvSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  )
  const parsed = EnvSchema.safeParse(blankToUndefined)
  if (!parsed.success) {
    const shown = (key: string) => (SECRETS.has(key) ? '(hidden)' : JSON.stringify(env[key]))
    const lines = parsed.error.issues.map(
      (i) => `  ${i.path.join('.')}=${shown(String(i.path[0]))}: ${i.message}`,
    )
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  if (e.ROOM_RESERVE_OWNERS > e.ROOM_RESERVE_EDITORS) {
    throw new ConfigError(
      "Invalid configuration:\n  ROOM_RESERVE_OWNERS: must not exceed ROOM_RESERVE_EDITORS (the owners' slots are part of it)",
    )
  }
  if (e.ROOM_RESERVE_EDITORS >= e.MAX_CONNECTIONS_PER_ROOM) {
    throw new ConfigError(
      'Invalid configuration:\n  ROOM_RESERVE_EDITORS: must be less than MAX_CONNECTIONS_PER_ROOM (observers and viewers need a slot)',
    )
  }
  const store = e.STORE ?? (e.DATABASE_URL ? 'postgres' : 'sqlite')
  if (store === 'postgres' && !e.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  STORE="postgres": needs DATABASE_URL (postgres://user:password@host:port/database)',
    )
  }
  if (store !== 'postgres' && e.DATABASE_URL) {
    throw new ConfigError(
      `Invalid configuration:\n  STORE="${store}": DATABASE_URL is set too; unset one of them`,
    )
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    store,
    database:
      store === 'postgres'
        ? { url: e.DATABASE_URL!, schema: e.DATABASE_SCHEMA, poolSize: e.DATABASE_POOL_SIZE }
        : undefined,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    logLevel: e.LOG_LEVEL,
    limits: {
      maxMessageBytes: e.MAX_MESSAGE_BYTES,
      maxDocBytes: e.MAX_DOC_BYTES,
      maxLoadedRooms: e.MAX_LOADED_ROOMS,
      maxConnectionsPerRoom: e.MAX_CONNECTIONS_PER_ROOM,
      roomReserveEditors: e.ROOM_RESERVE_EDITORS,
      roomReserveOwners: e.ROOM_RESERVE_OWNERS,
      maxConnectionsPerIp: e.MAX_CONNECTIONS_PER_IP,
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxSocketBufferBytes: e.MAX_SOCKET_BUFFER_BYTES,
      maxAwarenessBytes: e.MAX_AWARENESS_BYTES,
      awarenessRatePerSec: e.AWARENESS_RATE_PER_SEC,
    },
    storeRetryMs: e.STORE_RETRY_MS,
    compactAfterBytes: e.COMPACT_AFTER_BYTES,
    compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
    roomSleepAfterMs: e.ROOM_SLEEP_AFTER_MS,
    pingIntervalMs: e.PING_INTERVAL_MS,
    adminToken: e.ADMIN_TOKEN,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    rateLimits: {
      createPerMin: e.RATE_LIMIT_CREATE_PER_MIN,
      roomPerMin: e.RATE_LIMIT_ROOM_PER_MIN,
      hintsPerMin: e.RATE_LIMIT_HINTS_PER_MIN,
    },
    reports: {
      concurrency: e.REPORT_RENDERS,
      timeoutMs: e.REPORT_TIMEOUT_MS,
      heapMb: e.REPORT_HEAP_MB,
    },
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    trustProxy: e.TRUST_PROXY,
    nodeId:
      e.NODE_ID ??
      `${hostname().replace(/[^A-Za-z0-9_.-]/g, '-')}-${process.pid}-${randomBytes(3).toString('hex')}`,
    clientDist: path.resolve(
      e.CLIENT_DIST ?? path.join(import.meta.dirname, '..', '..', 'client', 'dist'),
    ),
  }
}
