import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SqliteRoomStore } from './SqliteRoomStore.ts'
import { roomStoreContract } from './roomStoreContract.ts'

roomStoreContract(
  'sqlite',
  async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'threatboard-sqlite-'))
    return { store: new SqliteRoomStore(dir), reopen: async () => new SqliteRoomStore(dir) }
  },
  { durable: true },
)
