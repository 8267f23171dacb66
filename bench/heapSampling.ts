// Preloaded into a server (`node --import ./bench/heapSampling.ts …`) by bench/profilePeers.ts
// --alloc: V8's sampling heap profiler runs from start to exit, counting objects the young and the
// old generation collected as well as those alive, so the profile shows where the process
// allocates, garbage included. Written at exit to HEAP_SAMPLING_FILE.
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'

const file = process.env.HEAP_SAMPLING_FILE
if (file) {
  const session = new Session()
  session.connect()
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 16384,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  })
  // A session in the process's own thread answers synchronously, so this runs to the end
  // even in an exit handler.
  process.once('exit', () => {
    session.post('HeapProfiler.stopSampling', (err, result) => {
      if (!err) writeFileSync(file, JSON.stringify(result.profile))
    })
  })
  // Exit through process.exit on SIGTERM, so 'exit' fires (the peers have no handler of their
  // own; Threatboard's graceful shutdown is not what is measured here).
  process.once('SIGTERM', () => process.exit(0))
}
