import * as Y from 'yjs'
import { findEntityProblem, MODEL_ROOTS } from '@threatboard/shared/doc/modelDoc.ts'
import { isDocumentRecordId, RECORDS_ROOT } from '@threatboard/shared/doc/roomDoc.ts'
import { CLIENT_MODEL_ROOTS, SERVER_WRITTEN_ROOTS } from '@threatboard/shared/doc/serverRoots.ts'
import { decodedUpdate } from './protocol.ts'
import { buildProbe } from './modelProbe.ts'
import { planUpdate } from './updatePlan.ts'

export type GuardResult =
  | { ok: true }
  /**
   * `drop`: the update leans on changes the server does not have. An honest client sends such
   * an update only before its own sync step 2, which carries it again, so it is dropped and the
   * socket kept; everything else refused closes the socket.
   */
  | { ok: false; reason: string; drop: boolean }

/**
 * Decides whether a client's update may be applied, before anything of it is: it must be
 * integrable at once (nothing left pending), must not write what only the server writes, must
 * write only the board's document records in `tl_records` (never a camera, selection or
 * presence, which are each browser's own), and the model entries it touches must still match
 * their schema afterwards — checked on a copy of just those entries. Costs what the update
 * touches, never a copy of the whole document.
 */
export function checkClientUpdate(doc: Y.Doc, update: Uint8Array): GuardResult {
  const plan = planUpdate(doc, decodedUpdate(update), doc.clientID)
  if (!plan.ok) return { ok: false, reason: plan.reason, drop: plan.kind === 'missing' }
  const serverRoot = SERVER_WRITTEN_ROOTS.find((r) => plan.touched.has(r))
  if (serverRoot) {
    return { ok: false, reason: `${serverRoot} is written by the server only`, drop: false }
  }
  for (const key of plan.touched.get(RECORDS_ROOT) ?? []) {
    if (key === null || !isDocumentRecordId(key)) {
      const what = key === null ? 'a list' : `"${key.slice(0, 60)}"`
      return {
        ok: false,
        reason: `${RECORDS_ROOT} holds board records only, not ${what}`,
        drop: false,
      }
    }
  }
  if (!CLIENT_MODEL_ROOTS.some((r) => plan.touched.has(r))) return { ok: true }
  // The session is one small map validated as a whole: copy all of it.
  if (plan.touched.has(MODEL_ROOTS.session)) plan.touched.set(MODEL_ROOTS.session, new Set([null]))
  const probe = buildProbe(doc, plan.touched, CLIENT_MODEL_ROOTS, plan.clients)
  try {
    Y.applyUpdate(probe, update)
    const store = probe.store as unknown as { pendingStructs: unknown; pendingDs: unknown }
    if (store.pendingStructs || store.pendingDs) {
      return { ok: false, reason: 'the update could not be placed', drop: false }
    }
    for (const root of CLIENT_MODEL_ROOTS) {
      for (const key of plan.touched.get(root) ?? []) {
        const problem = findEntityProblem(probe, root, key)
        if (problem) return { ok: false, reason: problem.message, drop: false }
      }
    }
    return { ok: true }
  } finally {
    probe.destroy()
  }
}

/**
 * Applies a checked client update to the room. Should Yjs still keep part of it pending (the
 * check rules that out; this is the last line), the pending part is discarded rather than kept
 * to be applied later, unchecked, and stored with the room.
 */
export function applyClientUpdate(doc: Y.Doc, update: Uint8Array, origin: unknown): boolean {
  Y.applyUpdate(doc, update, origin)
  const store = doc.store as unknown as { pendingStructs: unknown; pendingDs: unknown }
  if (!store.pendingStructs && !store.pendingDs) return true
  store.pendingStructs = null
  store.pendingDs = null
  return false
}
