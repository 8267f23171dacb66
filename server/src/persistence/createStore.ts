import type { Config } from '../config.ts'
import { MemoryRoomStore } from './MemoryRoomStore.ts'
import { PostgresRoomStore } from './PostgresRoomStore.ts'
import type { RoomStore } from './RoomStore.ts'
import { SqliteRoomStore } from './SqliteRoomStore.ts'

/**
 * Opens the store `config` names (PostgreSQL: connects and migrates first). Throws a
 * StoreOpenError when it cannot: the server and the backup tool say why and exit.
 */
export async function createStore(config: Config): Promise<RoomStore> {
  switch (config.store) {
    case 'memory':
      return new MemoryRoomStore()
    case 'postgres':
      return PostgresRoomStore.open(config.database!)
    case 'sqlite':
      return new SqliteRoomStore(config.dataDir, { synchronous: config.sqliteSynchronous })
  }
}
