import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import {
  readCollection,
  readSession,
  RecommendationSchema,
  ThreatSchema,
  writeEntity,
  writeSession,
} from '@threatboard/shared'
import { modelUndo } from '../model/modelUndo.ts'
import { answeringOnly, removeThreat } from './removeThreat.ts'

const threat = (id: string, title: string) =>
  ThreatSchema.parse({
    id,
    category: 'repudiation',
    title,
    targets: { elements: [], assets: [] },
    severity: 'medium',
    status: 'open',
    author: 'Ada',
    createdAt: 1_700_000_000_000,
  })
const rec = (id: string, text: string, threatIds: string[]) =>
  RecommendationSchema.parse({ id, text, priority: 'high', threatIds, status: 'proposed' })

describe('removeThreat', () => {
  it('takes the threat, its own recommendation and its top-three mark, keeps the rest; one undo restores it', () => {
    const doc = new Y.Doc()
    writeEntity(doc, 'threats', threat('t-log', 'No audit of refunds'))
    writeEntity(doc, 'threats', threat('t-keep', 'Forged webhook'))
    writeEntity(doc, 'recommendations', rec('r-own', 'Log every refund', ['t-log']))
    writeEntity(doc, 'recommendations', rec('r-both', 'Sign and log', ['t-log', 't-keep']))
    writeSession(doc, { phase: 'training', topThreats: ['t-keep', 't-log'] })
    const undo = modelUndo(doc) // as the board has it from the start
    const recs = readCollection(doc, 'recommendations')
    expect(answeringOnly('t-log', recs).map((r) => r.id)).toEqual(['r-own'])

    removeThreat(doc, null, readCollection(doc, 'threats')[0]!, recs, readSession(doc))

    expect(readCollection(doc, 'threats').map((t) => t.id)).toEqual(['t-keep'])
    expect(readCollection(doc, 'recommendations')).toEqual([
      expect.objectContaining({ id: 'r-both', threatIds: ['t-keep'] }),
    ])
    expect(readSession(doc).topThreats).toEqual(['t-keep'])

    undo.undo()
    expect(
      readCollection(doc, 'threats')
        .map((t) => t.id)
        .sort(),
    ).toEqual(['t-keep', 't-log'])
    expect(
      readCollection(doc, 'recommendations')
        .map((r) => [r.id, r.threatIds])
        .sort(),
    ).toEqual([
      ['r-both', ['t-log', 't-keep']],
      ['r-own', ['t-log']],
    ])
    expect(readSession(doc).topThreats).toEqual(['t-keep', 't-log'])
  })
})
