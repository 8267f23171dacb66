import { afterAll } from 'vitest'
import {
  TEST_DATABASE_URL,
  dropSchemas,
  postgresForTests,
  uniqueSchema,
} from '../../test/helpers/postgres.ts'
import { PostgresRoomStore } from './PostgresRoomStore.ts'
import { roomStoreContract } from './roomStoreContract.ts'

const run = await postgresForTests('PostgresRoomStore contract')
const schemas: string[] = []
afterAll(() => dropSchemas(schemas))

roomStoreContract(
  'postgres',
  async () => {
    // A fresh schema per test: an empty store, migrated from nothing.
    const schema = uniqueSchema('contract')
    schemas.push(schema)
    const open = () => PostgresRoomStore.open({ url: TEST_DATABASE_URL, schema })
    return { store: await open(), reopen: open, sibling: open }
  },
  { durable: true, skip: !run },
)
