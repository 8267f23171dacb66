import { describe, expect, it } from 'vitest'
import {
  RecommendationSchema,
  SessionSchema,
  summarizeCoverage,
  ThreatSchema,
  type ElementCoverage,
} from '@threatboard/shared'
import { parseParticipants, sessionSteps } from './sessionProgress.ts'

/** One flow whose expected categories are all considered, or none of them. */
const flow = (considered: boolean) =>
  summarizeCoverage([
    {
      id: 'shape:f',
      kind: 'data-flow',
      name: 'f',
      expected: ['tampering', 'information-disclosure', 'denial-of-service'],
      considered: new Set(
        considered ? ['tampering', 'information-disclosure', 'denial-of-service'] : [],
      ),
      noneFound: new Set(),
    } satisfies ElementCoverage,
  ])

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
      diagram: { elements: 0, flows: 0 },
      assetCount: 0,
      threats: [],
      recommendations: [],
      coverage: summarizeCoverage([]),
    })
    expect(steps.map((s) => s.done)).toEqual([false, false, false, false, false, false, false])
    expect(steps.find((s) => s.key === 'coverage')!.detail).toBe('no in-scope elements yet')
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
      diagram: { elements: 3, flows: 2 },
      assetCount: 1,
      threats,
      recommendations,
      coverage: flow(true),
    })
    expect(steps.every((s) => s.done)).toBe(true)
    expect(steps.at(-1)!.detail).toBe('1 of 1 open critical/high threats answered')
    // One asset is "1 asset", as a person would write it.
    expect(steps.map((s) => s.detail).slice(1, 4)).toEqual([
      '3 elements, 2 flows',
      '1 asset',
      '2 threats',
    ])
  })

  it('names one threat and one element in the singular', () => {
    const steps = sessionSteps({
      session: SessionSchema.parse({}),
      diagram: { elements: 1, flows: 0 },
      assetCount: 0,
      threats: [threat('t1', 'medium')],
      recommendations: [],
      coverage: summarizeCoverage([]),
    })
    expect(steps.map((s) => s.detail).slice(1, 4)).toEqual([
      '1 element, 0 flows',
      '0 assets',
      '1 threat',
    ])
  })

  it('is not done while an open high threat has no recommendation', () => {
    const steps = sessionSteps({
      session: SessionSchema.parse({}),
      diagram: { elements: 2, flows: 1 },
      assetCount: 1,
      threats: [threat('t1', 'critical')],
      recommendations: [],
      coverage: flow(false),
    })
    expect(steps.find((s) => s.key === 'recommendations')!.done).toBe(false)
  })

  it('ticks coverage only once every expected category of every in-scope element was considered', () => {
    const steps = (coverage: ReturnType<typeof flow>) =>
      sessionSteps({
        session: SessionSchema.parse({}),
        diagram: { elements: 1, flows: 0 },
        assetCount: 0,
        threats: [],
        recommendations: [],
        coverage,
      }).find((s) => s.key === 'coverage')!
    expect(steps(flow(false))).toMatchObject({
      done: false,
      detail: '0 %: 0 of the 3 STRIDE categories the in-scope elements call for considered',
    })
    expect(steps(flow(true))).toMatchObject({
      done: true,
      detail: '100 %: 3 of the 3 STRIDE categories the in-scope elements call for considered',
    })
  })
})

describe('the Prioritise step', () => {
  it('is reached by setting a likelihood and impact on a Medium threat', () => {
    const input = (threats: ReturnType<typeof threat>[]) => ({
      session: SessionSchema.parse({}),
      diagram: { elements: 2, flows: 1 },
      assetCount: 1,
      threats,
      recommendations: [],
      coverage: flow(false),
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
