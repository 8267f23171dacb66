import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { AssetSchema } from './asset.ts'
import { missingThreats, RecommendationSchema } from './recommendation.ts'
import { SessionSchema } from './session.ts'
import { STRIDE, STRIDE_PER_ELEMENT, STRIDE_PROMPTS } from './stride.ts'
import { severityFromRisk, ThreatSchema } from './threat.ts'
import {
  findModelProblem,
  getCollection,
  MODEL_ROOTS,
  ModelError,
  patchEntity,
  readCollection,
  writeEntity,
} from '../doc/modelDoc.ts'

const threat = {
  id: 't1',
  category: 'tampering',
  title: 'Order total changed in transit',
  targets: { elements: ['shape:flow1'], assets: [] },
  severity: 'high',
  status: 'open',
  createdAt: 1,
}

const messageOf = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.error?.issues.map((i) => i.message).join('; ') ?? ''

describe('domain validation', () => {
  it('accepts a valid threat and fills defaults', () => {
    const parsed = ThreatSchema.parse(threat)
    expect(parsed.description).toBe('')
    expect(parsed.mitigation).toBe('')
  })

  it('refuses an invalid severity with a clear message', () => {
    const r = ThreatSchema.safeParse({ ...threat, severity: 'urgent' })
    expect(r.success).toBe(false)
    expect(messageOf(r)).toBe('severity must be one of critical, high, medium, low')
  })

  it('refuses an unknown STRIDE category, an empty title and unknown fields', () => {
    expect(messageOf(ThreatSchema.safeParse({ ...threat, category: 'phishing' }))).toContain(
      'category must be one of spoofing',
    )
    expect(messageOf(ThreatSchema.safeParse({ ...threat, title: '  ' }))).toBe(
      'title must not be empty',
    )
    expect(ThreatSchema.safeParse({ ...threat, extra: 1 }).success).toBe(false)
  })

  it('requires a recommendation to answer at least one threat', () => {
    const rec = { id: 'r1', text: 'Sign the order payload', priority: 'high', status: 'proposed' }
    expect(messageOf(RecommendationSchema.safeParse({ ...rec, threatIds: [] }))).toBe(
      'a recommendation must answer at least one threat',
    )
    expect(RecommendationSchema.safeParse({ ...rec, threatIds: ['t1'] }).success).toBe(true)
    expect(missingThreats({ threatIds: ['t1', 't9'] }, new Set(['t1']))).toEqual(['t9'])
  })

  it('requires who approved an exception and why', () => {
    const rec = { id: 'r1', text: 'x', priority: 'medium', threatIds: ['t1'], status: 'exception' }
    expect(messageOf(RecommendationSchema.safeParse(rec))).toBe(
      'an exception must say who approved it and why',
    )
    const ok = { ...rec, exception: { approvedBy: 'CISO', reason: 'legacy system retired in Q3' } }
    expect(RecommendationSchema.safeParse(ok).success).toBe(true)
  })

  it('only takes http(s) ticket links', () => {
    const rec = { id: 'r1', text: 'x', priority: 'low', threatIds: ['t1'], status: 'proposed' }
    expect(
      RecommendationSchema.safeParse({ ...rec, ticketUrl: 'javascript:alert(1)' }).success,
    ).toBe(false)
    expect(
      RecommendationSchema.safeParse({ ...rec, ticketUrl: 'https://tracker.example/SEC-1' })
        .success,
    ).toBe(true)
  })

  it('checks asset kinds and sensitivities', () => {
    const asset = { id: 'a1', name: 'Card data', kind: 'data', sensitivity: 'restricted' }
    expect(AssetSchema.safeParse(asset).success).toBe(true)
    expect(messageOf(AssetSchema.safeParse({ ...asset, sensitivity: 'secret' }))).toContain(
      'sensitivity must be one of public, internal, confidential, restricted',
    )
  })

  it('gives a session sensible defaults', () => {
    const s = SessionSchema.parse({})
    expect(s).toMatchObject({ size: 'medium', timeboxMinutes: 60, inScope: [], outOfScope: [] })
  })

  it('offers STRIDE-per-element prompts for every category', () => {
    expect(STRIDE_PER_ELEMENT['external-entity']).toEqual(['spoofing', 'repudiation'])
    expect(STRIDE_PER_ELEMENT['data-flow']).toEqual([
      'tampering',
      'information-disclosure',
      'denial-of-service',
    ])
    for (const c of STRIDE) expect(STRIDE_PROMPTS[c].length).toBeGreaterThanOrEqual(2)
  })
})

describe('severity from likelihood and impact', () => {
  it('follows the OWASP risk rating matrix, and needs both', () => {
    expect(severityFromRisk('high', 'high')).toBe('critical')
    expect(severityFromRisk('medium', 'high')).toBe('high')
    expect(severityFromRisk('high', 'medium')).toBe('high')
    expect(severityFromRisk('low', 'high')).toBe('medium')
    expect(severityFromRisk('high', 'low')).toBe('medium')
    expect(severityFromRisk('medium', 'medium')).toBe('medium')
    expect(severityFromRisk('low', 'medium')).toBe('low')
    expect(severityFromRisk('low', 'low')).toBe('low')
    expect(severityFromRisk(undefined, 'high')).toBeUndefined()
    expect(severityFromRisk('high', undefined)).toBeUndefined()
  })
})

describe('model in the Y.Doc', () => {
  it('writes only valid entities and reads them back', () => {
    const doc = new Y.Doc()
    writeEntity(doc, 'threats', ThreatSchema.parse(threat))
    expect(readCollection(doc, 'threats').map((t) => t.title)).toEqual([threat.title])
    expect(() => writeEntity(doc, 'threats', { ...threat, severity: 'urgent' } as never)).toThrow(
      ModelError,
    )
    expect(readCollection(doc, 'threats')[0]!.severity).toBe('high')
  })

  it('writes a few fields over what is stored now, and nothing once the entity is gone', () => {
    const doc = new Y.Doc()
    const seen = ThreatSchema.parse({ ...threat, likelihood: 'high' })
    writeEntity(doc, 'threats', seen)
    // A teammate sets the status after this copy was read.
    writeEntity(doc, 'threats', { ...seen, status: 'mitigated' })
    expect(patchEntity(doc, 'threats', 't1', { description: 'Replay the request' })).toBe(true)
    expect(readCollection(doc, 'threats')[0]).toMatchObject({
      status: 'mitigated',
      description: 'Replay the request',
      likelihood: 'high',
    })
    expect(patchEntity(doc, 'threats', 't1', { likelihood: undefined })).toBe(true)
    expect(readCollection(doc, 'threats')[0]!.likelihood).toBeUndefined()
    expect(() => patchEntity(doc, 'threats', 't1', { severity: 'urgent' } as never)).toThrow(
      ModelError,
    )
    getCollection(doc, 'threats').delete('t1')
    expect(patchEntity(doc, 'threats', 't1', { description: 'Too late' })).toBe(false)
    expect(readCollection(doc, 'threats')).toEqual([])
  })

  it('finds an invalid entity written behind the validators back', () => {
    const doc = new Y.Doc()
    expect(findModelProblem(doc, [MODEL_ROOTS.threats])).toBeUndefined()
    const raw = new Y.Map<unknown>()
    getCollection(doc, 'threats').set('t2', raw)
    for (const [k, v] of Object.entries({ ...threat, id: 't2', severity: 'urgent' })) raw.set(k, v)
    expect(findModelProblem(doc, [MODEL_ROOTS.threats])?.message).toBe(
      'threats t2: severity must be one of critical, high, medium, low',
    )
  })

  it('refuses an entity stored under another id', () => {
    const doc = new Y.Doc()
    const raw = new Y.Map<unknown>()
    getCollection(doc, 'threats').set('other', raw)
    for (const [k, v] of Object.entries(threat)) raw.set(k, v)
    expect(findModelProblem(doc, [MODEL_ROOTS.threats])?.message).toContain('id must equal its key')
  })
})
