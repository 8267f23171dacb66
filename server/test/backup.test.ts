import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { connectSynced, items, type TestClient } from './helpers/clients.ts'
import { waitFor } from './helpers/poll.ts'
import { freshSchemas, postgresEnv, postgresForTests } from './helpers/postgres.ts'
import { spawnServer, stopProcess, type ServerProcess } from './helpers/process.ts'
import { createRoomFull, saveVersion, tempDataDir, type Tokens } from './helpers/server.ts'

/** Several processes start at once on a loaded machine: give each a minute. */
const start = (env: Record<string, string>) => spawnServer(env, { timeoutMs: 60_000 })

const CLI = path.join(import.meta.dirname, '..', 'src', 'cli', 'backup.ts')
const withPostgres = await postgresForTests('backup.test (PostgreSQL parts)')

/** Runs the backup tool as an operator would, with the store settings in its environment. */
function runBackupTool(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('exit', (code) => resolve({ code, output }))
  })
}

// Each test runs several server and tool processes one after the other: slow on a busy machine.
describe('backup and restore', { timeout: 120_000 }, () => {
  const procs: ServerProcess[] = []
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const p of procs.splice(0)) await stopProcess(p, 'SIGKILL')
  })
  const schema = freshSchemas('backup')

  /** A room with a few edits and a saved version, made by stock clients and the API. */
  async function roomWithWork(server: ServerProcess) {
    const room = await createRoomFull(server.url, 'Payments')
    const writer = await connectSynced(server.wsBase, room.id, room.tokens.editor)
    clients.push(writer)
    for (let i = 0; i < 20; i++) items(writer).set(`k${i}`, i)
    await saveVersion(server.url, room.id, 'Agreed', 'Ada')
    items(writer).set('after-version', true)
    const observer = await connectSynced(server.wsBase, room.id, room.tokens.viewer)
    clients.push(observer)
    await waitFor(() => items(observer).has('after-version'), 'the last edit acknowledged')
    return room
  }

  /** What a server on `env` serves of the room, to the room's own invite tokens. */
  async function expectServes(env: Record<string, string>, id: string, tokens: Tokens) {
    const server = await start(env)
    procs.push(server)
    const reader = await connectSynced(server.wsBase, id, tokens.viewer)
    clients.push(reader)
    const expected = { ...Object.fromEntries([...Array(20).keys()].map((i) => [`k${i}`, i])) }
    expect(items(reader).toJSON()).toEqual({ ...expected, 'after-version': true })
    const versions = await fetch(`${server.url}/api/rooms/${id}/versions`, {
      headers: { authorization: `Bearer ${tokens.editor}` },
    })
    expect(((await versions.json()) as { versions: { name: string }[] }).versions).toMatchObject([
      { name: 'Agreed' },
    ])
    // The editor's invite link still edits.
    const editor = await connectSynced(server.wsBase, id, tokens.editor)
    clients.push(editor)
    items(editor).set('restored-edit', 1)
    await waitFor(() => items(reader).has('restored-edit'), 'an edit on the restored room')
    return server
  }

  it('backs up a SQLite data directory and restores it into a fresh one, which serves the same rooms', async () => {
    const source = { DATA_DIR: tempDataDir() }
    const first = await start(source)
    procs.push(first)
    const { id, tokens } = await roomWithWork(first)
    const file = path.join(tempDataDir(), 'rooms.backup')

    // SQLite admits one process: the tool says so instead of copying a live file.
    const busy = await runBackupTool(['backup', file], source)
    expect(busy.code).toBe(3)
    expect(busy.output).toContain('stop the server')

    await stopProcess(first, 'SIGTERM')
    const backup = await runBackupTool(['backup', file], source)
    expect(backup).toEqual({ code: 0, output: 'backed up 1 rooms (sqlite)\n' })

    const target = { DATA_DIR: tempDataDir() }
    expect(await runBackupTool(['restore', file], target)).toEqual({
      code: 0,
      output: 'restored 1 rooms (sqlite)\n',
    })
    // Restoring over the same rooms is refused, changing nothing.
    const again = await runBackupTool(['restore', file], target)
    expect(again.code).toBe(1)
    expect(again.output).toContain('restore into an empty store')
    await expectServes(target, id, tokens)
  })

  it('refuses a truncated backup before writing anything', async () => {
    const source = { DATA_DIR: tempDataDir() }
    const first = await start(source)
    procs.push(first)
    await roomWithWork(first)
    await createRoomFull(first.url, 'Second')
    await stopProcess(first, 'SIGTERM')
    const file = path.join(tempDataDir(), 'rooms.backup')
    expect((await runBackupTool(['backup', file], source)).code).toBe(0)
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n')
    writeFileSync(file, `${lines.slice(0, -1).join('\n')}\n`)

    const target = { DATA_DIR: tempDataDir() }
    const cut = await runBackupTool(['restore', file], target)
    expect(cut.code).toBe(1)
    expect(cut.output).toContain('incomplete')
    const server = await start(target)
    procs.push(server)
    const rooms = await fetch(`${server.url}/api/rooms`)
    expect(((await rooms.json()) as { rooms: unknown[] }).rooms).toEqual([])
  })

  it.skipIf(!withPostgres)(
    'moves rooms between SQLite and PostgreSQL both ways, backing up PostgreSQL while it serves',
    async () => {
      const sqlite = { DATA_DIR: tempDataDir() }
      const first = await start(sqlite)
      procs.push(first)
      const { id, tokens } = await roomWithWork(first)
      await stopProcess(first, 'SIGTERM')
      const fromSqlite = path.join(tempDataDir(), 'sqlite.backup')
      expect((await runBackupTool(['backup', fromSqlite], sqlite)).code).toBe(0)

      const pg = postgresEnv(schema())
      expect(await runBackupTool(['restore', fromSqlite], pg)).toEqual({
        code: 0,
        output: 'restored 1 rooms (postgres)\n',
      })
      const onPostgres = await expectServes(pg, id, tokens)

      // PostgreSQL is backed up while its server runs.
      const fromPostgres = path.join(tempDataDir(), 'postgres.backup')
      expect((await runBackupTool(['backup', fromPostgres], pg)).code).toBe(0)
      await stopProcess(onPostgres, 'SIGKILL')
      const back = { DATA_DIR: tempDataDir() }
      expect((await runBackupTool(['restore', fromPostgres], back)).code).toBe(0)
      const server = await start(back)
      procs.push(server)
      const reader = await connectSynced(server.wsBase, id, tokens.viewer)
      clients.push(reader)
      expect(items(reader).get('restored-edit')).toBe(1)
      expect(items(reader).size).toBe(22)
    },
  )
})
