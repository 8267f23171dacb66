import { MemoryRoomStore } from './MemoryRoomStore.ts'
import { roomStoreContract } from './roomStoreContract.ts'

roomStoreContract('memory', async () => ({ store: new MemoryRoomStore() }), { durable: false })
