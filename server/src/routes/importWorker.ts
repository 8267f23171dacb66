import { parentPort } from 'node:worker_threads'
import * as Y from 'yjs'
import { newDoc } from '../yDoc.ts'
import { ModelError } from '@threatboard/shared/doc/modelDoc.ts'
import { MAX_BOARD_NUMBER, recordOutOfRange } from '@threatboard/shared/doc/boardRange.ts'
import { readAllRecords } from '@threatboard/shared/doc/recordMaps.ts'
import { getRecordsMap, seedRoomDoc } from '@threatboard/shared/doc/roomDoc.ts'
import { createBoardSchema, initialBoardRecords } from '@threatboard/shared/doc/tldrawSchema.ts'
import { IMPORT_SPREAD, writeModelToDoc } from '@threatboard/shared/interop/board.ts'
import type { InteropFormat } from '@threatboard/shared/interop/formats.ts'
import { InteropError, type ImportResult } from '@threatboard/shared/interop/model.ts'
import { fromOtm } from '@threatboard/shared/interop/otm.ts'
import { fromThreatDragon } from '@threatboard/shared/interop/threatDragon.ts'
import { fromTmBom } from '@threatboard/shared/interop/tmBom.ts'

/**
 * Runs on a worker thread (importRunner.ts): reads a model file and builds the new room's
 * document from it, so that a large or hostile file costs this thread's time, never the event
 * loop that serves every room.
 */

export interface ImportJob {
  id: number
  format: InteropFormat
  label: string
  /** The file as the client sent it (JSON text). */
  text: string
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

/** A file the import refuses before reading it as a model. */
class NotJson extends Error {}

/**
 * Parses the file's text as the server parses any JSON body (Fastify's defaults): a
 * `__proto__` key, or a `constructor` key holding a `prototype`, is refused, so no reader ever
 * sees one; nesting too deep for the parser is refused too.
 */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') throw new NotJson('a "__proto__" key is not allowed')
      if (key === 'constructor' && value !== null && typeof value === 'object') {
        if (Object.hasOwn(value, 'prototype')) {
          throw new NotJson('a "constructor.prototype" key is not allowed')
        }
      }
      return value
    })
  } catch (err) {
    if (err instanceof NotJson) throw new InteropError('', err.message)
    if (err instanceof RangeError) throw new InteropError('', 'the JSON is nested too deeply')
    throw new InteropError('', `not JSON (${(err as Error).message})`)
  }
}

/**
 * Refuses a model drawn beyond the board's range: every browser would skip those shapes, and the
 * room would open empty after an import that said it took them.
 */
function refuseOutOfRange(doc: Y.Doc): void {
  for (const record of readAllRecords(getRecordsMap(doc))) {
    const bad = recordOutOfRange(record)
    if (bad === undefined) continue
    const props = record.props as { name?: unknown } | undefined
    const name = typeof props?.name === 'string' && props.name ? `"${props.name}"` : record.id
    throw new InteropError(
      '',
      `${name} lies beyond the board (${bad} board units; the board reaches ` +
        `±${MAX_BOARD_NUMBER.toLocaleString('en')}, and imported positions are spread ×${IMPORT_SPREAD})`,
    )
  }
}

function run(job: ImportJob): ImportOutcome {
  try {
    const { model, warnings } = READERS[job.format](parseJson(job.text))
    const doc = newDoc()
    seedRoomDoc(doc, schema, initialBoardRecords())
    writeModelToDoc(doc, model, schema, { at: job.at, from: job.label })
    refuseOutOfRange(doc)
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
