import type { Config } from '../config.ts'
import type { RoomStore } from './RoomStore.ts'

/**
 * Opens the store `config` names (PostgreSQL: connects and migrates first). Throws a
 * StoreOpenError when it cannot: the server and the backup tool say why and exit. Only the
 * named store's code is loaded (the PostgreSQL driver is not, unless asked for).
 */
export async function createStore(config: Config): Promise<RoomStore> {
  switch (config.store) {
    case 'memory':
      return new (await import('./MemoryRoomStore.ts')).MemoryRoomStore()
    case 'postgres':
      return (await import('./PostgresRoomStore.ts')).PostgresRoomStore.open(config.database!)
    case 'sqlite':
      return new (await import('./SqliteRoomStore.ts')).SqliteRoomStore(config.dataDir, {
        synchronous: config.sqliteSynchronous,
      })
  }
}
