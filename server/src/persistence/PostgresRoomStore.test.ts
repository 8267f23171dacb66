import { TEST_DATABASE_URL, freshSchemas, postgresForTests } from '../../test/helpers/postgres.ts'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { PostgresRoomStore, describeUrl } from './PostgresRoomStore.ts'
import { StoreOpenError } from './StoreOpenError.ts'
import { roomStoreContract } from './roomStoreContract.ts'

const run = await postgresForTests('PostgresRoomStore contract')
const freshSchema = freshSchemas('contract')

roomStoreContract(
  'postgres',
  async () => {
    // A fresh schema per store: empty, migrated from nothing.
    const schema = freshSchema()
    const open = () => PostgresRoomStore.open({ url: TEST_DATABASE_URL, schema })
    return { store: await open(), reopen: open, sibling: open }
  },
  { durable: true, skip: !run },
)

describe('PostgresRoomStore.open', () => {
  it('names the database without its password when the address is unparseable or unreachable', async () => {
    expect(describeUrl('postgres://tb:secret@db.example:6000/rooms')).toBe('db.example:6000/rooms')
    expect(describeUrl('postgres://tb:secret@db.example/rooms')).toBe('db.example:5432/rooms')
    expect(describeUrl('not a url')).toBe('(unparseable DATABASE_URL)')
    // Nothing listens on port 1: the open fails at once, saying where it tried.
    const open = PostgresRoomStore.open({ url: 'postgres://tb:secret@127.0.0.1:1/rooms' })
    await expect(open).rejects.toBeInstanceOf(StoreOpenError)
    await expect(open).rejects.toThrow(/^cannot open PostgreSQL at 127\.0\.0\.1:1\/rooms: /)
    await expect(open).rejects.not.toThrow(/secret/)
    // The driver's own error stays attached for the log; the name says which kind of failure.
    await expect(open).rejects.toMatchObject({
      name: 'StoreOpenError',
      cause: { code: 'ECONNREFUSED' },
    })
  })

  it.skipIf(!run)('refuses a database migrated by a newer server', async () => {
    const schema = freshSchema()
    await (await PostgresRoomStore.open({ url: TEST_DATABASE_URL, schema })).close()
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await client.connect()
    try {
      await client.query(`INSERT INTO "${schema}".schema_migrations (version) VALUES (999)`)
    } finally {
      await client.end()
    }
    await expect(PostgresRoomStore.open({ url: TEST_DATABASE_URL, schema })).rejects.toThrow(
      /schema version 999, newer than this server knows \(\d+\): run a newer Threatboard/,
    )
  })
})
