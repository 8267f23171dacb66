import { describe, expect, it } from 'vitest'
import { DFD_ELEMENT_KINDS } from '../domain/stride.ts'
import { DiagramBuilder } from './diagramBuilder.ts'
import { GUIDANCE_RULES } from './rules/guidanceRules.ts'
import { NOTHING_CONSIDERED, suggest } from './suggest.ts'

/*
 * Each rule, on a small diagram where it should fire and on the nearest one where it should not.
 * Layout: a DMZ box on the left, an internal box on the right, external entities outside both.
 */
const AT = {
  user: { x: -300, y: 100 },
  api: { x: 100, y: 100 },
  web: { x: 100, y: 250 },
  core: { x: 600, y: 100 },
  db: { x: 700, y: 250 },
  log: { x: 850, y: 100 },
  queue: { x: 600, y: 300 },
}
type Name = keyof typeof AT
const KIND: Record<Name, 'process' | 'data-store' | 'external-entity'> = {
  user: 'external-entity',
  api: 'process',
  web: 'process',
  core: 'process',
  db: 'data-store',
  log: 'data-store',
  queue: 'data-store',
}
const PLAIN = { protocol: '', encrypted: false, publicNetwork: false }

/** A diagram: the nodes named (with properties) and flows [from, to, dataFlow?, properties?]. */
function diagram(
  nodes: Partial<Record<Name, Record<string, unknown>>>,
  flows: [Name | undefined, Name | undefined, Record<string, unknown>?, Record<string, unknown>?][],
) {
  const b = new DiagramBuilder().box('dmz', 0, 0, 400, 400).box('internal', 500, 0, 500, 400)
  for (const [name, properties] of Object.entries(nodes) as [Name, Record<string, unknown>][]) {
    b.node(name, KIND[name], AT[name], properties)
  }
  flows.forEach(([from, to, df, props], i) => b.flow(`f${i}`, from, to, df ?? PLAIN, props))
  return b
}

function fires(ruleId: string, b: DiagramBuilder, element: string): boolean {
  const rule = GUIDANCE_RULES.find((r) => r.id === ruleId)
  if (!rule) throw new Error(`no rule ${ruleId}`)
  return suggest(b.facts(), NOTHING_CONSIDERED, [rule]).some(
    (s) => s.elementId === `shape:${element}`,
  )
}

const outside = (extra: Partial<Record<Name, Record<string, unknown>>> = {}) =>
  diagram({ user: {}, api: {}, ...extra }, [['user', 'api']])

type Case = [rule: string, element: string, firesOn: DiagramBuilder, notOn: DiagramBuilder]
const CASES: Case[] = [
  [
    'process-unauthenticated-callers',
    'api',
    outside(),
    outside({ api: { authenticatesCallers: true } }),
  ],
  [
    'process-cleartext-requests',
    'api',
    diagram({ web: {}, api: {} }, [['web', 'api', { ...PLAIN, protocol: 'HTTP' }]]),
    diagram({ web: {}, api: {} }, [['web', 'api', { ...PLAIN, protocol: 'HTTPS' }]]),
  ],
  [
    'process-outside-input',
    'core',
    diagram({ api: {}, core: {} }, [['api', 'core']]),
    diagram({ api: {}, web: {} }, [['api', 'web']]).node('core', 'process', AT.core),
  ],
  [
    'process-no-audit-trail',
    'api',
    outside(),
    diagram({ user: {}, api: {}, log: { isLog: true } }, [
      ['user', 'api'],
      ['api', 'log'],
    ]),
  ],
  [
    'process-payment-no-audit-log',
    'core',
    diagram({ core: { handlesPayment: true } }, []),
    diagram({ core: { handlesPayment: true }, log: { isLog: true } }, [['core', 'log']]),
  ],
  [
    'process-responds-outside',
    'api',
    diagram({ user: {}, api: {} }, [['api', 'user']]),
    diagram({ api: {}, web: {} }, [['api', 'web']]),
  ],
  [
    'process-feeds-exposed-process',
    'web',
    diagram({ user: {}, api: {}, web: {} }, [
      ['user', 'api'],
      ['web', 'api'],
    ]),
    diagram({ api: {}, web: {} }, [['web', 'api']]),
  ],
  [
    'process-sensitive-data-exposed',
    'api',
    outside({ api: { handlesPersonalData: true } }),
    diagram({ web: {}, api: { handlesPersonalData: true } }, [['web', 'api']]),
  ],
  ['process-no-rate-limit', 'api', outside(), outside({ api: { rateLimited: true } })],
  [
    'process-relayed-input',
    'core',
    diagram({ user: {}, api: {}, queue: {}, core: {} }, [
      ['user', 'api'],
      ['api', 'queue'],
      ['queue', 'core'],
    ]),
    diagram({ queue: {}, core: {} }, [['queue', 'core']]),
  ],
  [
    'process-privileged-exposed',
    'api',
    outside({ api: { privilegeLevel: 'root/admin' } }),
    outside({ api: { privilegeLevel: 'user' } }),
  ],
  [
    'process-unauthorised-actions',
    'api',
    outside(),
    diagram({ user: {}, api: {} }, [['user', 'api', PLAIN, { authenticated: true }]]),
  ],
  [
    'store-credentials-unencrypted',
    'db',
    diagram({ db: { storesCredentials: true } }, []),
    diagram({ db: { storesCredentials: true, encryptedAtRest: true } }, []),
  ],
  [
    'store-sensitive-unencrypted',
    'db',
    diagram({ db: { storesPaymentData: true } }, []),
    diagram({ db: { storesPaymentData: true, encryptedAtRest: true } }, []),
  ],
  [
    'store-read-by-exposed-process',
    'db',
    diagram({ user: {}, api: {}, db: {} }, [
      ['user', 'api'],
      ['db', 'api'],
    ]),
    diagram({ user: {}, api: {}, db: {} }, [
      ['user', 'api'],
      ['api', 'db'],
    ]),
  ],
  [
    'store-written-from-outside',
    'db',
    diagram({ user: {}, api: {}, db: {} }, [
      ['user', 'api'],
      ['api', 'db'],
    ]),
    diagram({ core: {}, db: {} }, [['core', 'db']]),
  ],
  [
    'log-store-writable',
    'log',
    diagram({ core: {}, log: { isLog: true } }, [['core', 'log']]),
    diagram({ core: {}, log: { isLog: true, signed: true } }, [['core', 'log']]),
  ],
  [
    'log-store-repudiation',
    'log',
    diagram({ core: {}, log: { isLog: true } }, [['core', 'log']]),
    diagram({ core: {}, log: { isLog: true } }, [['log', 'core']]),
  ],
  [
    'store-changes-untraced',
    'db',
    diagram({ user: {}, api: {}, db: {} }, [
      ['user', 'api'],
      ['api', 'db'],
    ]),
    diagram({ user: {}, api: {}, db: {}, log: { isLog: true } }, [
      ['user', 'api'],
      ['api', 'db'],
      ['api', 'log'],
    ]),
  ],
  [
    'store-spoofed-writes',
    'db',
    diagram({ user: {}, api: {}, db: {} }, [
      ['user', 'api'],
      ['api', 'db'],
    ]),
    diagram({ user: {}, api: {}, db: {} }, [
      ['user', 'api'],
      ['api', 'db', PLAIN, { authenticated: true }],
    ]),
  ],
  [
    'store-access-through-exposed-process',
    'db',
    diagram({ user: {}, api: {}, db: {} }, [
      ['user', 'api'],
      ['api', 'db'],
    ]),
    diagram({ core: {}, db: {} }, [
      ['core', 'db'],
      ['db', 'core'],
    ]),
  ],
  [
    'flow-public-cleartext',
    'f0',
    diagram({ web: {}, api: {} }, [['web', 'api', { ...PLAIN, publicNetwork: true }]]),
    diagram({ web: {}, api: {} }, [
      ['web', 'api', { ...PLAIN, publicNetwork: true, protocol: 'HTTPS' }],
    ]),
  ],
  [
    'flow-public-tls-configuration',
    'f0',
    diagram({ web: {}, api: {} }, [
      ['web', 'api', { ...PLAIN, publicNetwork: true, encrypted: true }],
    ]),
    diagram({ web: {}, api: {} }, [['web', 'api', { ...PLAIN, encrypted: true }]]),
  ],
  [
    'flow-boundary-cleartext',
    'f0',
    diagram({ api: {}, core: {} }, [['api', 'core']]),
    diagram({ api: {}, core: {} }, [['api', 'core', { ...PLAIN, encrypted: true }]]),
  ],
  [
    'flow-boundary-tampering',
    'f0',
    diagram({ api: {}, core: {} }, [['api', 'core', { ...PLAIN, protocol: 'HTTP' }]]),
    diagram({ api: {}, core: {} }, [['api', 'core']]),
  ],
  [
    'flow-boundary-unauthenticated',
    'f0',
    diagram({ api: {}, core: {} }, [['api', 'core']]),
    diagram({ api: {}, core: {} }, [['api', 'core', PLAIN, { authenticated: true }]]),
  ],
  [
    'flow-sensitive-unauthenticated',
    'f0',
    diagram({ core: {}, db: {} }, [['core', 'db', PLAIN, { carriesSensitiveData: true }]]),
    diagram({ core: {}, db: {} }, [
      ['core', 'db', PLAIN, { carriesSensitiveData: true, authenticated: true }],
    ]),
  ],
  [
    'flow-sensitive-cleartext',
    'f0',
    diagram({ core: {}, db: {} }, [['core', 'db', PLAIN, { carriesSensitiveData: true }]]),
    diagram({ core: {}, db: {} }, [
      ['core', 'db', { ...PLAIN, encrypted: true }, { carriesSensitiveData: true }],
    ]),
  ],
  ['entity-unauthenticated', 'user', outside(), outside({ user: { authenticated: true } })],
  ['entity-actions-unlogged', 'user', outside(), outside({ user: { nature: 'system' } })],
]

describe('guidance rules', () => {
  it('every rule has a fires / does-not-fire case below', () => {
    expect(CASES.map((c) => c[0]).sort()).toEqual(GUIDANCE_RULES.map((r) => r.id).sort())
  })

  for (const [rule, element, on, off] of CASES) {
    it(`${rule} fires when its condition holds and not on the nearest diagram without it`, () => {
      expect(fires(rule, on, element)).toBe(true)
      expect(fires(rule, off, element)).toBe(false)
    })
  }

  it('process-relayed-input also fires for a reachable consumer of a queue others fill, not for reading back its own writes', () => {
    const consumer = diagram({ user: {}, api: {}, queue: {}, web: {} }, [
      ['user', 'api'],
      ['api', 'queue'],
      ['user', 'web'],
      ['queue', 'web'],
    ])
    expect(fires('process-relayed-input', consumer, 'web')).toBe(true)
    const own = diagram({ user: {}, api: {}, queue: {} }, [
      ['user', 'api'],
      ['api', 'queue'],
      ['queue', 'api'],
    ])
    expect(fires('process-relayed-input', own, 'api')).toBe(false)
  })

  it('no rule fires on kind alone: a bare element of each kind gets no suggestion', () => {
    for (const kind of DFD_ELEMENT_KINDS) {
      const b = new DiagramBuilder().box('zone', 0, 0, 1000, 1000)
      if (kind === 'data-flow')
        b.node('a', 'process', { x: 10, y: 10 }).node('b', 'process', { x: 200, y: 10 })
      else b.node('lonely', kind, { x: 100, y: 100 })
      // A flow with nothing set, between two processes with nothing set, in one boundary.
      if (kind === 'data-flow') b.flow('f', 'a', 'b')
      expect(suggest(b.facts()), kind).toEqual([])
    }
  })

  it('rule ids are unique and every rule explains itself', () => {
    expect(new Set(GUIDANCE_RULES.map((r) => r.id)).size).toBe(GUIDANCE_RULES.length)
    for (const r of GUIDANCE_RULES) {
      expect(r.description.length, r.id).toBeGreaterThan(40)
      expect(r.rationale.length, r.id).toBeGreaterThan(20)
      expect(r.recommendation.text.length, r.id).toBeGreaterThan(20)
    }
  })
})
