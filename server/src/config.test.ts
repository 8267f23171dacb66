import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({})
    expect(c.port).toBe(3000)
    expect(c.host).toBe('127.0.0.1')
    expect(c.dataDir.endsWith('/data')).toBe(true)
    expect(c.store).toBe('sqlite')
    expect(c.reports).toEqual({ concurrency: 2, timeoutMs: 60_000, heapMb: 1024 })
    expect(c.limits.roomReserveEditors).toBeLessThan(c.limits.maxConnectionsPerRoom)
  })

  it('reads and converts values', () => {
    const c = loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/tmp/x', STORE: 'memory' })
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', dataDir: '/tmp/x', store: 'memory' })
  })

  it('names every bad variable in one error', () => {
    let error: unknown
    try {
      loadConfig({ PORT: 'eighty', STORE: 'mongo', STORE_RETRY_MS: '-5' })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as Error).message
    expect(message).toContain('PORT="eighty"')
    expect(message).toContain('STORE="mongo"')
    expect(message).toContain('STORE_RETRY_MS="-5"')
  })

  it('reads the trusted proxies, and refuses anything but addresses and ranges', () => {
    expect(loadConfig({}).trustProxy).toBeUndefined()
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
    ])
    // "true" would believe any client's X-Forwarded-For: not a choice here.
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/)
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.1,' })).toThrow(/TRUST_PROXY/)
  })

  it('refuses reserves that leave observers and viewers no slot', () => {
    expect(() =>
      loadConfig({ MAX_CONNECTIONS_PER_ROOM: '10', ROOM_RESERVE_EDITORS: '10' }),
    ).toThrow(/ROOM_RESERVE_EDITORS/)
    expect(() => loadConfig({ ROOM_RESERVE_EDITORS: '2', ROOM_RESERVE_OWNERS: '3' })).toThrow(
      /ROOM_RESERVE_OWNERS/,
    )
  })

  it('selects PostgreSQL with DATABASE_URL, and refuses a half-set or contradictory choice', () => {
    const url = 'postgres://tb:secret@db.internal:5432/threatboard'
    expect(loadConfig({ DATABASE_URL: url, DATABASE_SCHEMA: 'boards' })).toMatchObject({
      store: 'postgres',
      database: { url, schema: 'boards', poolSize: 10 },
    })
    expect(loadConfig({}).database).toBeUndefined()
    expect(() => loadConfig({ STORE: 'postgres' })).toThrow(/STORE="postgres": needs DATABASE_URL/)
    expect(() => loadConfig({ STORE: 'memory', DATABASE_URL: url })).toThrow(/unset one of them/)
    expect(() => loadConfig({ DATABASE_SCHEMA: 'Robert"; DROP' })).toThrow(/DATABASE_SCHEMA/)
    // The URL carries a password: an error about it must not print it.
    let message = ''
    try {
      loadConfig({ DATABASE_URL: 'mysql://tb:secret@db/x' })
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toContain('DATABASE_URL=(hidden): must be a postgres://')
    expect(message).not.toContain('secret')
  })

  it('turns on cluster mode with REDIS_URL, without ever printing it', () => {
    const url = 'redis://:hunter2@cache.internal:6379/2'
    expect(loadConfig({ REDIS_URL: url, NODE_ID: 'web-1' })).toMatchObject({
      redisUrl: url,
      redisKeyPrefix: 'threatboard:',
      nodeId: 'web-1',
    })
    expect(loadConfig({}).redisUrl).toBeUndefined()
    // Every node gets a name of its own when none is set.
    expect(loadConfig({}).nodeId).not.toBe(loadConfig({}).nodeId)
    let message = ''
    try {
      loadConfig({ REDIS_URL: 'http://:hunter2@cache.internal', REDIS_KEY_PREFIX: 'a b' })
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toContain('REDIS_URL=(hidden): must start with redis://')
    expect(message).toContain('REDIS_KEY_PREFIX="a b"')
    expect(message).not.toContain('hunter2')
  })

  it('refuses a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/)
  })
})
