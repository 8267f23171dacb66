import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { freshSchemas, postgresEnv, postgresForTests } from '../../test/helpers/postgres.ts'
import { loadConfig } from '../config.ts'
import { MemoryRoomStore } from './MemoryRoomStore.ts'
import { PostgresRoomStore } from './PostgresRoomStore.ts'
import { SqliteRoomStore } from './SqliteRoomStore.ts'
import { createStore } from './createStore.ts'

const run = await postgresForTests('createStore on PostgreSQL')
const freshSchema = freshSchemas('create')

describe('createStore', () => {
  it('opens the store STORE names, SQLite in DATA_DIR by default', async () => {
    const memory = await createStore(loadConfig({ STORE: 'memory' }))
    expect(memory).toBeInstanceOf(MemoryRoomStore)
    await memory.close()

    const dir = mkdtempSync(path.join(tmpdir(), 'threatboard-create-'))
    const sqlite = await createStore(loadConfig({ DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'NORMAL' }))
    expect(sqlite).toBeInstanceOf(SqliteRoomStore)
    await sqlite.close()
  })

  it.skipIf(!run)('opens PostgreSQL when DATABASE_URL is set', async () => {
    const store = await createStore(loadConfig(postgresEnv(freshSchema())))
    try {
      expect(store).toBeInstanceOf(PostgresRoomStore)
      expect(await store.listRooms()).toEqual([])
    } finally {
      await store.close()
    }
  })
})
