import { TEST_DATABASE_URL, freshSchemas, postgresForTests } from '../../test/helpers/postgres.ts'
import { PostgresRoomStore } from './PostgresRoomStore.ts'
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
