import { randomUUID } from 'node:crypto'
import * as Y from 'yjs'

type DocOptions = Omit<NonNullable<ConstructorParameters<typeof Y.Doc>[0]>, 'guid'>

/**
 * A Y.Doc for the server. Its guid comes from Node's `randomUUID`: Yjs's default draws one from
 * 31 separate calls into the crypto RNG, 0.15–0.18 ms of main-thread CPU per document here, paid by
 * every room created, woken, compacted or exported (bench/RESULTS.md, 2 December).
 */
export function newDoc(options: DocOptions = {}): Y.Doc {
  return new Y.Doc({ ...options, guid: randomUUID() })
}
