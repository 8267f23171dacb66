import path from 'node:path'
import { z } from 'zod'
import { DEFAULT_LIMITS } from '@threatboard/shared'

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
  /** Room storage: `sqlite` (default, durable) or `memory` (lost on exit; for demos). */
  STORE: z.enum(['sqlite', 'memory']).default('sqlite'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest WebSocket message accepted, in bytes; larger closes the socket with 1009. */
  MAX_MESSAGE_BYTES: int(1024, 64 * 1024 * 1024).default(DEFAULT_LIMITS.maxMessageBytes),
  /** Largest room document, in bytes; an update that would pass it is refused (close 4413). */
  MAX_DOC_BYTES: int(64 * 1024, 1024 * 1024 * 1024).default(DEFAULT_LIMITS.maxDocBytes),
  /** Accepted updates are written to disk in batches at most this many ms apart. */
  FLUSH_INTERVAL_MS: int(1, 1000).default(20),
  /** The update log of a loaded room is compacted into a snapshot after this many updates. */
  COMPACT_AFTER_UPDATES: int(10, 1_000_000).default(500),
  /** Sockets that do not answer a ping within this many ms are closed. */
  PING_INTERVAL_MS: int(1000, 600_000).default(30_000),
  /** Most rooms held in memory at once; a connection to another room is refused (4500). */
  MAX_LOADED_ROOMS: int(1, 1_000_000).default(1000),
  /** Most simultaneous connections to one room. */
  MAX_CONNECTIONS_PER_ROOM: int(1, 100_000).default(100),
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
})

/** Variables whose values never appear in an error message. */
const SECRETS = new Set(['ADMIN_TOKEN'])

export interface Config {
  port: number
  host: string
  dataDir: string
  store: 'sqlite' | 'memory'
  logLevel: string
  limits: {
    maxMessageBytes: number
    maxDocBytes: number
    maxLoadedRooms: number
    maxConnectionsPerRoom: number
    maxBodyBytes: number
  }
  flushIntervalMs: number
  compactAfterUpdates: number
  pingIntervalMs: number
  clientDist: string
  adminToken: string | undefined
  publicUrl: string | undefined
  rateLimits: { createPerMin: number; roomPerMin: number; hintsPerMin: number }
  reports: { concurrency: number; timeoutMs: number; heapMb: number }
}

export class ConfigError extends Error {
  override name = 'ConfigError'
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
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    store: e.STORE,
    logLevel: e.LOG_LEVEL,
    limits: {
      maxMessageBytes: e.MAX_MESSAGE_BYTES,
      maxDocBytes: e.MAX_DOC_BYTES,
      maxLoadedRooms: e.MAX_LOADED_ROOMS,
      maxConnectionsPerRoom: e.MAX_CONNECTIONS_PER_ROOM,
      maxBodyBytes: e.MAX_BODY_BYTES,
    },
    flushIntervalMs: e.FLUSH_INTERVAL_MS,
    compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
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
    clientDist: path.resolve(
      e.CLIENT_DIST ?? path.join(import.meta.dirname, '..', '..', 'client', 'dist'),
    ),
  }
}
