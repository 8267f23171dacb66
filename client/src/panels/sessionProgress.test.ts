import { describe, expect, it } from 'vitest'
import { SessionSchema, ThreatSchema, RecommendationSchema } from '@threatboard/shared'
import { parseParticipants, sessionSteps } from './sessionProgress.ts'

const threat = (id: string, severity: string, extra = {}) =>
  ThreatSchema.parse({
    id,
    category: 'tampering',
    title: id,
    targets: { elements: [], assets: [] },
    severity,
    status: 'open',
    createdAt: 1,
    ...extra,
  })

describe('sessionSteps', () => {
  it('starts with nothing done', () => {
    const steps = sessionSteps({
      session: SessionSchema.parse({}),
      elementCount: 0,
      assetCount: 0,
      threats: [],
      recommendations: [],
    })
    expect(steps.map((s) => s.done)).toEqual([false, false, false, false, false, false])
  })

  it('derives each step from the model', () => {
    const threats = [threat('t1', 'high'), threat('t2', 'medium', { likelihood: 'low' })]
    const recommendations = [
      RecommendationSchema.parse({
        id: 'r1',
        text: 'fix',
        priority: 'high',
        threatIds: ['t1'],
        status: 'proposed',
      }),
    ]
    const steps = sessionSteps({
      session: SessionSchema.parse({ inScope: ['API'], outOfScope: ['PSP'] }),
      elementCount: 3,
      assetCount: 1,
      threats,
      recommendations,
    })
    expect(steps.every((s) => s.done)).toBe(true)
    expect(steps.at(-1)!.detail).toBe('1 of 1 open critical/high threats answered')
  })

  it('is not done while an open high threat has no recommendation', () => {
    const steps = sessionSteps({
      session: SessionSchema.parse({}),
      elementCount: 2,
      assetCount: 1,
      threats: [threat('t1', 'critical')],
      recommendations: [],
    })
    expect(steps.find((s) => s.key === 'recommendations')!.done).toBe(false)
  })
})

describe('the Prioritise step', () => {
  it('is reached by setting a likelihood and impact on a Medium threat', () => {
    const input = (threats: ReturnType<typeof threat>[]) => ({
      session: SessionSchema.parse({}),
      elementCount: 2,
      assetCount: 1,
      threats,
      recommendations: [],
    })
    const before = sessionSteps(input([threat('t1', 'medium'), threat('t2', 'low')]))
    const step = before.find((s) => s.key === 'prioritise')!
    expect(step.done).toBe(false)
    expect(step.detail).toContain('likelihood or impact')
    const after = sessionSteps(
      input([threat('t1', 'medium', { likelihood: 'high', impact: 'low' }), threat('t2', 'low')]),
    )
    expect(after.find((s) => s.key === 'prioritise')!.done).toBe(true)
  })
})

describe('parseParticipants', () => {
  it('reads "name, role" lines, keeps any role as typed, defaults a missing one', () => {
    expect(parseParticipants('Ada, facilitator\n\nSam, Billing on-call\nBo')).toEqual([
      { name: 'Ada', role: 'facilitator' },
      { name: 'Sam', role: 'Billing on-call' },
      { name: 'Bo', role: 'participant' },
    ])
    expect(parseParticipants('Smith, Jane, chef')).toEqual([{ name: 'Smith, Jane', role: 'chef' }])
  })
})
