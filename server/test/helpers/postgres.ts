import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll } from 'vitest'

/** The PostgreSQL tests use: TEST_DATABASE_URL, or the local one (trust auth, database `test`). */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

const onCi = process.env.CI === 'true'

function uniqueSchema(label: string): string {
  return `tb_${label}_${process.pid}_${randomBytes(4).toString('hex')}`
}

/**
 * Whether tests needing PostgreSQL should run. Away from CI, a database that does not answer
 * skips them, saying so once; with CI=true they run anyway and fail on the connection error.
 */
export async function postgresForTests(suite: string): Promise<boolean> {
  if (onCi) return true
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    connectionTimeoutMillis: 3000,
  })
  try {
    await client.connect()
    return true
  } catch (err) {
    console.warn(
      `${suite}: skipped, no PostgreSQL at ${TEST_DATABASE_URL} (${(err as Error).message}); ` +
        'set TEST_DATABASE_URL to run it (with CI=true it fails instead)',
    )
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * Hands out schema names no other run uses, so parallel runs on one database never meet; each
 * is dropped, with everything in it, after the calling file's tests.
 */
export function freshSchemas(label: string): () => string {
  const schemas: string[] = []
  afterAll(() => dropSchemas(schemas))
  return () => {
    const schema = uniqueSchema(label)
    schemas.push(schema)
    return schema
  }
}

/** A server's environment on `schema` of the test database. */
export const postgresEnv = (schema: string) => ({
  DATABASE_URL: TEST_DATABASE_URL,
  DATABASE_SCHEMA: schema,
})

async function dropSchemas(schemas: string[]): Promise<void> {
  if (schemas.length === 0) return
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await client.connect()
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`)
  } finally {
    await client.end()
  }
}
