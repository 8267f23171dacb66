import { parentPort } from 'node:worker_threads'
import * as Y from 'yjs'
import {
  createBoardSchema,
  fromOtm,
  fromThreatDragon,
  fromTmBom,
  initialBoardRecords,
  InteropError,
  ModelError,
  seedRoomDoc,
  writeModelToDoc,
  type ImportResult,
  type InteropFormat,
} from '@threatboard/shared'

/**
 * Runs on a worker thread (importRunner.ts): reads a model file and builds the new room's
 * document from it, so that a large or hostile file costs this thread's time, never the event
 * loop that serves every room.
 */

export interface ImportJob {
  id: number
  format: InteropFormat
  label: string
  body: unknown
  at: number
}

export type ImportOutcome =
  | {
      id: number
      ok: true
      snapshot: Uint8Array
      title: string
      counts: Record<
        'elements' | 'flows' | 'boundaries' | 'threats' | 'assets' | 'diagrams',
        number
      >
      warnings: string[]
    }
  | { id: number; ok: false; bad: boolean; message: string }

const READERS: Record<InteropFormat, (json: unknown) => ImportResult> = {
  'threat-dragon': fromThreatDragon,
  otm: fromOtm,
  'tm-bom': fromTmBom,
}

const schema = createBoardSchema()

function run(job: ImportJob): ImportOutcome {
  try {
    const { model, warnings } = READERS[job.format](job.body)
    const doc = new Y.Doc()
    seedRoomDoc(doc, schema, initialBoardRecords())
    writeModelToDoc(doc, model, schema, { at: job.at, from: job.label })
    const snapshot = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    return {
      id: job.id,
      ok: true,
      snapshot,
      title: model.title,
      counts: {
        elements: model.elements.length,
        flows: model.flows.length,
        boundaries: model.boundaries.length,
        threats: model.threats.length,
        assets: model.assets.length,
        diagrams: model.diagrams.length,
      },
      warnings,
    }
  } catch (err) {
    const bad = err instanceof InteropError || err instanceof ModelError
    return { id: job.id, ok: false, bad, message: bad ? err.message : String(err) }
  }
}

parentPort?.on('message', (job: ImportJob) => {
  const outcome = run(job)
  parentPort!.postMessage(outcome, outcome.ok ? [outcome.snapshot.buffer as ArrayBuffer] : [])
})
