import { restoreBackup, writeBackup } from '../backup/backupFile.ts'
import { loadConfigOrExit } from '../config.ts'
import { createStore } from '../persistence/createStore.ts'
import { StoreOpenError } from '../persistence/StoreOpenError.ts'

/**
 * `node server/src/cli/backup.ts backup <file>` writes every room of the store the environment
 * configures (DATA_DIR / DATABASE_URL, as for the server) to a file;
 * `node server/src/cli/backup.ts restore <file>` writes them into an empty store.
 * Exit codes: 0 done, 1 the backup or restore failed, 2 usage or configuration, 3 the store
 * cannot be opened (a SQLite DATA_DIR in use by a running server, an unreachable database).
 */
const USAGE = 'usage: node server/src/cli/backup.ts backup|restore <file>'

const [command, file] = process.argv.slice(2)
if ((command !== 'backup' && command !== 'restore') || !file) {
  process.stderr.write(`${USAGE}\n`)
  process.exit(2)
}

const config = loadConfigOrExit()
if (config.store === 'memory') {
  process.stderr.write('STORE=memory holds nothing to back up or restore into\n')
  process.exit(2)
}

let store
try {
  store = await createStore(config)
} catch (err) {
  if (!(err instanceof StoreOpenError)) throw err
  const hint =
    config.store === 'sqlite'
      ? ' (SQLite admits one process: stop the server, back up, start it again)'
      : ''
  process.stderr.write(`Cannot open the store: ${err.message}${hint}\n`)
  process.exit(3)
}

try {
  const rooms =
    command === 'backup' ? await writeBackup(store, file) : await restoreBackup(store, file)
  process.stdout.write(
    `${command === 'backup' ? 'backed up' : 'restored'} ${rooms} rooms (${config.store})\n`,
  )
} catch (err) {
  process.stderr.write(`${command} failed: ${(err as Error).message}\n`)
  process.exitCode = 1
} finally {
  await store.close()
}
