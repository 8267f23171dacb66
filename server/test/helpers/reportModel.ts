import * as Y from 'yjs'
import {
  createBoardSchema,
  emptyModel,
  initialBoardRecords,
  seedRoomDoc,
  RecommendationSchema,
  writeEntity,
  writeModelToDoc,
  writeSession,
  type DfdNodeKind,
  type InteropElement,
  type InteropFlow,
  type InteropModel,
  type Priority,
  type RecommendationStatus,
  type SessionSize,
  type Severity,
  type StrideCategory,
  type ThreatStatus,
} from '@threatboard/shared'
import { buildReport, type Report } from '../../src/report/buildReport.ts'

/**
 * A web shop's checkout as a team would model it in a Large session: 9 elements in two nested
 * trust boundaries, 9 flows, 3 pinned assets, 20 threats, 13 recommendations (5 High, one an
 * exception). Used by the report tests and by server/scripts/sample-report.ts. Its text is
 * ordinary prose with dates, hyphens, ampersands and brackets, which the Markdown must not escape.
 */
export function checkoutModel(): InteropModel {
  const model = emptyModel('Web shop checkout')
  model.description =
    'Checkout of the web shop (basket, payment, order record) before the 2026-11-30 launch; R&D owns the API.'
  const el = (
    id: string,
    kind: DfdNodeKind,
    name: string,
    x: number,
    y: number,
    assets: string[] = [],
    inScope = true,
  ): InteropElement => ({
    id,
    diagram: 'main',
    kind,
    name,
    x,
    y,
    w: 160,
    h: 80,
    description: '',
    inScope,
    assets,
  })
  model.diagrams = [{ id: 'main', title: 'Page 1' }]
  model.elements = [
    el('browser', 'external-entity', 'Customer browser', 20, 200),
    el('web', 'process', 'Web storefront', 300, 200, ['session']),
    el('api', 'process', 'Checkout API', 560, 200),
    el('db', 'data-store', 'Orders DB', 560, 400, ['orders']),
    el('vault', 'data-store', 'Card token vault', 820, 400, ['card-tokens']),
    el('admin', 'external-entity', 'Back-office staff', 20, 420),
    el('console', 'process', 'Admin console', 300, 420),
    el('psp', 'external-entity', 'Payment provider', 1120, 200, [], false),
    el('mail', 'external-entity', 'Email service', 1120, 420, [], false),
  ]
  model.boundaries = [
    {
      id: 'vpc',
      diagram: 'main',
      name: 'Shop VPC',
      description: '',
      shape: 'box',
      x: 260,
      y: 150,
      w: 780,
      h: 400,
    },
    {
      id: 'pci',
      diagram: 'main',
      name: 'PCI zone',
      description: '',
      shape: 'box',
      x: 790,
      y: 370,
      w: 220,
      h: 150,
    },
  ]
  const flow = (
    id: string,
    from: string,
    to: string,
    name: string,
    protocol: string,
    encrypted: boolean,
    publicNetwork: boolean,
  ): InteropFlow => ({
    id,
    diagram: 'main',
    name,
    description: '',
    source: { element: from },
    target: { element: to },
    protocol,
    encrypted,
    publicNetwork,
    bidirectional: false,
    inScope: true,
  })
  model.flows = [
    flow('f1', 'browser', 'web', 'Checkout form', 'HTTPS', true, true),
    flow('f2', 'web', 'api', 'Place order', 'HTTP', false, false),
    flow('f3', 'api', 'db', 'Write order', 'TLS', true, false),
    flow('f4', 'api', 'psp', 'Charge card', 'HTTPS', true, true),
    flow('f5', 'admin', 'console', 'Refund request', 'HTTPS', true, true),
    flow('f6', 'console', 'db', 'Read orders', 'TLS', true, false),
    flow('f7', 'api', 'vault', 'Tokenise card', 'mTLS', true, false),
    flow('f8', 'api', 'mail', 'Order confirmation', 'SMTP', false, true),
    flow('f9', 'psp', 'api', 'Payment webhook', 'HTTPS', true, true),
  ]
  model.assets = [
    {
      id: 'card-tokens',
      name: 'Saved card tokens',
      kind: 'data',
      sensitivity: 'restricted',
      owner: 'Payments team',
      notes: '',
    },
    {
      id: 'orders',
      name: 'Order history',
      kind: 'data',
      sensitivity: 'confidential',
      owner: 'Shop team',
      notes: '',
    },
    {
      id: 'session',
      name: 'Customer session',
      kind: 'data',
      sensitivity: 'confidential',
      owner: 'Shop team',
      notes: '',
    },
  ]
  const threats: [string, StrideCategory, Severity, ThreatStatus, string, string][] = [
    [
      't1',
      'spoofing',
      'critical',
      'open',
      'web',
      'Session token replayed to buy with a saved card',
    ],
    ['t2', 'tampering', 'high', 'open', 'f2', 'Order total changed between storefront and API'],
    [
      't3',
      'information-disclosure',
      'high',
      'open',
      'db',
      'Orders DB backups readable by all engineers',
    ],
    ['t4', 'repudiation', 'medium', 'open', 'admin', 'Staff refunds are not attributable'],
    [
      't5',
      'denial-of-service',
      'medium',
      'mitigated',
      'api',
      'Checkout flooded with card-testing attempts',
    ],
    [
      't6',
      'elevation-of-privilege',
      'high',
      'open',
      'console',
      'Back-office role reachable from a shop session',
    ],
    ['t7', 'tampering', 'low', 'accepted', 'f9', 'Webhook from the payment provider not verified'],
    ['t8', 'spoofing', 'high', 'open', 'f9', 'Forged payment webhook marks an order as paid'],
    [
      't9',
      'information-disclosure',
      'critical',
      'open',
      'f8',
      'Order e-mails sent in clear text (SMTP without TLS)',
    ],
    ['t10', 'tampering', 'medium', 'open', 'vault', 'Token vault accepts writes from any VPC host'],
    [
      't11',
      'denial-of-service',
      'low',
      'open',
      'mail',
      'E-mail provider outage blocks order confirmation',
    ],
    [
      't12',
      'elevation-of-privilege',
      'critical',
      'open',
      'api',
      'Mass assignment lets a customer set the order status',
    ],
    ['t13', 'repudiation', 'low', 'open', 'api', 'Checkout API logs drop the customer id'],
    [
      't14',
      'information-disclosure',
      'medium',
      'open',
      'web',
      'Stack traces shown to customers on error',
    ],
    ['t15', 'spoofing', 'medium', 'mitigated', 'admin', 'Shared back-office accounts'],
    ['t16', 'tampering', 'high', 'open', 'db', 'SQL injection in the order search'],
    ['t17', 'denial-of-service', 'high', 'open', 'f1', 'Unbounded basket size exhausts memory'],
    [
      't18',
      'information-disclosure',
      'low',
      'not-applicable',
      'psp',
      'Payment provider learns basket contents',
    ],
    [
      't19',
      'elevation-of-privilege',
      'medium',
      'open',
      'vault',
      'Vault admin key stored in the repo',
    ],
    ['t20', 'spoofing', 'low', 'open', 'browser', 'Look-alike domain phishes saved-card customers'],
  ]
  model.threats = threats.map(([id, category, severity, status, target, title]) => ({
    id,
    targets: [target],
    title,
    category,
    severity,
    status,
    description: `Found in the session of 2026-11-30 (see ${title.split(' ')[0]} notes).`,
    mitigation: '',
  }))
  return model
}

/** The model's recommendations: priority, answered threats, text, owner, status. */
export const CHECKOUT_RECOMMENDATIONS: [
  string,
  Priority,
  string[],
  string,
  string,
  RecommendationStatus,
][] = [
  [
    'r1',
    'high',
    ['t1'],
    'Bind saved-card purchases to a fresh re-authentication',
    'Ada',
    'accepted',
  ],
  [
    'r2',
    'high',
    ['t2'],
    'Recompute the order total on the server; sign the basket',
    'Bo',
    'in-progress',
  ],
  [
    'r3',
    'high',
    ['t9'],
    'Send order e-mails over TLS only (STARTTLS required)',
    'Priya',
    'proposed',
  ],
  ['r4', 'high', ['t12'], 'Allow-list the fields the checkout API accepts', 'Bo', 'accepted'],
  ['r5', 'high', ['t16'], 'Use parameterised queries in order search', '', 'proposed'],
  [
    'r6',
    'medium',
    ['t3'],
    'Encrypt DB backups & restrict the key to the on-call role',
    'Priya',
    'proposed',
  ],
  [
    'r7',
    'medium',
    ['t6'],
    'Separate the back-office login from the shop session',
    'Ada',
    'proposed',
  ],
  ['r8', 'medium', ['t10'], 'Mutual TLS between the API and the vault, nothing else', 'Bo', 'done'],
  ['r9', 'medium', ['t14'], 'Generic error pages in production', 'Sam', 'proposed'],
  ['r10', 'low', ['t4'], 'Log every refund with the staff member’s identity', 'Bo', 'proposed'],
  ['r11', 'low', ['t13'], 'Add the customer id to checkout logs', 'Bo', 'proposed'],
  ['r12', 'low', ['t20'], 'Register look-alike domains', 'Priya', 'proposed'],
  ['r13', 'medium', ['t11'], 'Queue confirmation e-mails and retry', 'Sam', 'exception'],
]

/** Writes the checkout model, its session and recommendations into a room's document. */
export function writeCheckoutRoom(doc: Y.Doc, size: SessionSize = 'large'): void {
  writeModelToDoc(doc, checkoutModel(), createBoardSchema(), {
    at: Date.UTC(2026, 10, 30, 19),
    from: 'Sample',
    recordSpread: false,
  })
  writeSession(doc, {
    description:
      'Checkout of the web shop (basket, payment, order record) before the 2026-11-30 launch; R&D owns the API.',
    goals: ['Ship one-click checkout without weakening payment security'],
    inScope: ['Web storefront', 'Checkout API', 'Orders DB', 'Card token vault'],
    outOfScope: ['Payment provider internals', 'Warehouse system'],
    participants: [
      { name: 'Ada', role: 'facilitator' },
      { name: 'Bo', role: 'lead-engineer' },
      { name: 'Sam', role: 'security-observer' },
      { name: 'Priya', role: 'product-manager' },
    ],
    size,
    timeboxMinutes: size === 'small' ? 30 : size === 'medium' ? 60 : 120,
    lastThing: 'A stranger places orders on another customer’s saved card.',
    startedAt: Date.UTC(2026, 10, 30, 18, 30),
  })
  for (const [id, priority, threatIds, text, owner, status] of CHECKOUT_RECOMMENDATIONS) {
    writeEntity(
      doc,
      'recommendations',
      RecommendationSchema.parse({
        id,
        text,
        priority,
        threatIds,
        owner,
        status,
        ticketUrl: `https://tracker.example/SHOP-${id.slice(1)}`,
        ...(status === 'exception'
          ? { exception: { approvedBy: 'Dana (CISO)', reason: 'Provider SLA covers it until Q2' } }
          : {}),
      }),
    )
  }
}

/**
 * The checkout room's report as the server builds it, from a fresh room document written with
 * the checkout model and then changed by `edit`; `diagrams` are its drawn pages (none by default).
 */
export function checkoutReport(
  title: string,
  edit: (doc: Y.Doc) => void = () => {},
  diagrams: Report['diagrams'] = [],
): Report {
  const doc = new Y.Doc()
  seedRoomDoc(doc, createBoardSchema(), initialBoardRecords())
  writeCheckoutRoom(doc)
  edit(doc)
  return buildReport({
    roomId: 'r',
    title,
    doc,
    generatedAt: new Date('2026-11-30T20:41:00Z'),
    version: { kind: 'live', updatedAt: '2026-11-30T20:40:00.000Z' },
    diagrams,
  })
}
