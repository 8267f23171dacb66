// Writes docs/sample-report.md and docs/sample-report.pdf from a realistic example board: a
// small web shop's checkout, as a team would model it. Run: node server/scripts/sample-report.ts
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import {
  createBoardSchema,
  getRecordsMap,
  initialBoardRecords,
  RecommendationSchema,
  seedRoomDoc,
  ThreatSchema,
  writeEntity,
  writeRecord,
  writeSession,
  type JsonRecord,
} from '@threatboard/shared'
import { buildReport } from '../src/report/buildReport.ts'
import { renderMarkdown } from '../src/report/renderMarkdown.ts'
import { renderPdf } from '../src/report/renderPdf.ts'
import { schematicSvg } from '../src/report/schematicSvg.ts'

const doc = new Y.Doc()
seedRoomDoc(doc, createBoardSchema(), initialBoardRecords())
const text = (s: string) => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text: s }] }],
})
let index = 1
const shape = (
  id: string,
  type: string,
  x: number,
  y: number,
  props: Record<string, unknown>,
  meta = {},
): JsonRecord => ({
  id: `shape:${id}`,
  typeName: 'shape',
  type,
  parentId: 'page:page',
  index: `a${index++}`,
  x,
  y,
  rotation: 0,
  isLocked: false,
  opacity: 1,
  props,
  meta,
})
const node = (id: string, kind: string, name: string, x: number, y: number, inScope = true) =>
  shape(id, 'dfd-node', x, y, { w: 160, h: 80, kind, name, inScope, description: '' })
const flow = (
  id: string,
  label: string,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  protocol: string,
) =>
  shape(
    id,
    'arrow',
    x1,
    y1,
    { start: { x: 0, y: 0 }, end: { x: x2 - x1, y: y2 - y1 }, richText: text(label) },
    {
      dataFlow: {
        protocol,
        encrypted: protocol === 'HTTPS' || protocol === 'TLS',
        publicNetwork: protocol === 'HTTPS',
      },
    },
  )
const records = [
  shape('vpc', 'trust-boundary', 230, 40, { w: 760, h: 420, name: 'Shop VPC' }),
  node('browser', 'external-entity', 'Customer browser', 20, 200),
  node('web', 'process', 'Web storefront', 300, 200),
  node('api', 'process', 'Checkout API', 560, 200),
  node('db', 'data-store', 'Orders DB', 560, 360),
  node('psp', 'external-entity', 'Payment provider', 1060, 200, false),
  node('admin', 'external-entity', 'Back-office staff', 300, 360),
  flow('f1', 'Checkout form', 180, 240, 300, 240, 'HTTPS'),
  flow('f2', 'Place order', 460, 240, 560, 240, 'HTTP'),
  flow('f3', 'Write order', 640, 280, 640, 360, 'TLS'),
  flow('f4', 'Charge card', 720, 240, 1060, 240, 'HTTPS'),
]
doc.transact(() => records.forEach((r) => writeRecord(getRecordsMap(doc), r)))

writeSession(doc, {
  description: 'Checkout of the web shop: basket, payment, order record.',
  goals: [
    'Ship one-click checkout without weakening payment security',
    'Agree what must be fixed before launch',
  ],
  peopleAffected: 'Customers, support staff',
  newData: 'Saved card tokens (not card numbers)',
  inScope: ['Web storefront', 'Checkout API', 'Orders DB'],
  outOfScope: ['Payment provider internals', 'Warehouse system'],
  participants: [
    { name: 'Ada (facilitator)', role: 'facilitator' },
    { name: 'Bo', role: 'participant' },
    { name: 'Sam', role: 'security-observer' },
    { name: 'Priya', role: 'product-manager' },
  ],
  size: 'medium',
  timeboxMinutes: 60,
  lastThing: 'A stranger places orders on another customer’s saved card.',
})
const assets = [
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
    id: 'checkout',
    name: 'Checkout API',
    kind: 'application',
    sensitivity: 'internal',
    owner: 'Shop team',
    notes: '',
  },
] as const
for (const a of assets) writeEntity(doc, 'assets', { ...a })
const threats = [
  [
    't1',
    'spoofing',
    'Session token replayed to buy with a saved card',
    'critical',
    ['shape:web'],
    'open',
  ],
  [
    't2',
    'tampering',
    'Order total changed between storefront and API',
    'high',
    ['shape:f2'],
    'open',
  ],
  [
    't3',
    'information-disclosure',
    'Orders DB backups readable by all engineers',
    'high',
    ['shape:db'],
    'open',
  ],
  ['t4', 'repudiation', 'Staff refunds are not attributable', 'medium', ['shape:admin'], 'open'],
  [
    't5',
    'denial-of-service',
    'Checkout flooded with card-testing attempts',
    'medium',
    ['shape:api'],
    'mitigated',
  ],
  [
    't6',
    'elevation-of-privilege',
    'Back-office role reachable from the storefront session',
    'high',
    ['shape:web'],
    'open',
  ],
  [
    't7',
    'tampering',
    'Webhook from the payment provider not verified',
    'low',
    ['shape:f4'],
    'accepted',
  ],
] as const
for (const [id, category, title, severity, elements, status] of threats) {
  writeEntity(
    doc,
    'threats',
    ThreatSchema.parse({
      id,
      category,
      title,
      severity,
      status,
      targets: { elements: [...elements], assets: [] },
      author: 'Bo',
      createdAt: Date.UTC(2026, 10, 20),
    }),
  )
}
const recs = [
  [
    'r1',
    'Bind saved-card purchases to a fresh re-authentication',
    'high',
    ['t1'],
    'accepted',
    'Ada',
  ],
  [
    'r2',
    'Recompute the order total on the server; sign the basket',
    'high',
    ['t2'],
    'in-progress',
    'Bo',
  ],
  [
    'r3',
    'Encrypt DB backups and restrict the key to the on-call role',
    'medium',
    ['t3'],
    'proposed',
    'Priya',
  ],
  ['r4', 'Log every refund with the staff member’s identity', 'low', ['t4'], 'proposed', 'Bo'],
] as const
for (const [id, text, priority, threatIds, status, owner] of recs) {
  writeEntity(
    doc,
    'recommendations',
    RecommendationSchema.parse({
      id,
      text,
      priority,
      threatIds: [...threatIds],
      status,
      owner,
      ticketUrl: `https://tracker.example/SHOP-${id.slice(1)}`,
    }),
  )
}

const report = buildReport({
  roomId: 'sample',
  title: 'Web shop checkout',
  doc,
  generatedAt: new Date('2026-11-22T12:00:00Z'),
  version: {
    kind: 'version',
    number: 1,
    name: 'End of session',
    createdBy: 'Ada',
    createdAt: '2026-11-22T11:55:00.000Z',
  },
  diagram: {
    svg: schematicSvg(records, []) ?? '',
    source: 'schematic',
    drawnAt: '2026-11-22T12:00:00.000Z',
    outdated: false,
  },
})
const docs = path.join(import.meta.dirname, '..', '..', 'docs')
writeFileSync(path.join(docs, 'sample-report.md'), renderMarkdown(report))
writeFileSync(path.join(docs, 'sample-report.pdf'), await renderPdf(report))
console.log('wrote docs/sample-report.md and docs/sample-report.pdf')
