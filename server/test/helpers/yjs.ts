import type * as Y from 'yjs'

/** The update one change of `doc` sends (one transaction). */
export function changeOf(doc: Y.Doc, change: () => void): Uint8Array {
  let update: Uint8Array | undefined
  const keep = (u: Uint8Array) => (update = u)
  doc.on('update', keep)
  doc.transact(change)
  doc.off('update', keep)
  return update!
}
