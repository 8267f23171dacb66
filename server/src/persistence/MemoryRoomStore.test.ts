import { MemoryRoomStore } from './MemoryRoomStore.ts'
import { roomStoreContract } from './roomStoreContract.ts'

roomStoreContract(
  'memory',
  async () => {
    const store = new MemoryRoomStore()
    return { store, sibling: async () => store.sibling() }
  },
  { durable: false },
)
