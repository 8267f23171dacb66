import { flushCompileCache } from 'node:module'
import { buildApp } from './app.ts'
import { loadConfigOrExit } from './config.ts'
import { StoreOpenError } from './persistence/StoreOpenError.ts'

const config = loadConfigOrExit()

let app
try {
  app = await buildApp({ config })
} catch (err) {
  // Another server holds the data directory, or the database cannot be reached: say so
  // plainly, without a stack trace.
  if (!(err instanceof StoreOpenError)) throw err
  process.stderr.write(`Cannot start: ${err.message}\n`)
  process.exit(3)
}
await app.listen({ port: config.port, host: config.host })
// With NODE_COMPILE_CACHE set (`pnpm start` and the Docker image set it), what this start stripped
// and compiled is written now, not only at a clean exit, so the next start reuses it even after a
// crash: a start from the cache never loads Node's TypeScript stripper (~20 MiB resident). A
// no-op without the variable.
flushCompileCache()

let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down: closing sockets and flushing rooms')
    const force = setTimeout(() => {
      app.log.error('shutdown took longer than 10 s; exiting')
      process.exit(1)
    }, 10_000)
    app.close().then(
      () => {
        clearTimeout(force)
        app.log.info('shut down cleanly')
        process.exit(0)
      },
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  })
}
