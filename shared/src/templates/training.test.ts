import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { writeEntity, writeSession } from '../doc/modelDoc.ts'
import { getMetaMap, seedRoomDoc } from '../doc/roomDoc.ts'
import { createBoardSchema, initialBoardRecords } from '../doc/tldrawSchema.ts'
import { SessionSchema } from '../domain/session.ts'
import type { StrideCategory } from '../domain/stride.ts'
import { findTemplate, writeTemplateToDoc } from './starterTemplates.ts'
import {
  compareTraining,
  CreateTrainingBodySchema,
  newTrainingRecord,
  readGroupFindings,
  readTraining,
  templateElementNames,
  TRAINING_KEY,
} from './training.ts'

const schema = createBoardSchema()
const billing = findTemplate('billing-training')!

/** A group room of the billing training holding `threats`, the first `top` of them marked. */
function groupRoom(threats: [string, StrideCategory][], top: number): Y.Doc {
  const doc = new Y.Doc()
  seedRoomDoc(doc, schema, initialBoardRecords())
  writeTemplateToDoc(doc, billing, schema, 1)
  threats.forEach(([element, category], i) =>
    writeEntity(doc, 'threats', {
      id: `t${i}`,
      category,
      title: `threat ${i}`,
      description: '',
      targets: { elements: [`shape:${element}`], assets: [] },
      severity: 'high',
      status: 'open',
      mitigation: '',
      author: '',
      createdAt: 1,
    }),
  )
  writeSession(doc, { topThreats: threats.slice(0, top).map((_, i) => `t${i}`) })
  return doc
}

describe('training', () => {
  const groups = [
    { name: 'Group 1', roomId: 'aaaaaaaaaaaaaaaaaaaaaa' },
    { name: 'Group 2', roomId: 'bbbbbbbbbbbbbbbbbbbbbb' },
  ]
  const record = newTrainingRecord('Secure design 101', billing, groups)

  it('matches expert threats by element and STRIDE category, top three apart from the rest', () => {
    const one = groupRoom(
      [
        ['webhook', 'spoofing'],
        ['billing-api', 'tampering'],
        ['audit-log', 'tampering'],
        ['billing-db', 'information-disclosure'],
      ],
      3,
    )
    // Right element, wrong category: not a match. A flow is named by its label.
    const two = groupRoom(
      [
        ['webhook', 'tampering'],
        ['send-invoice', 'information-disclosure'],
      ],
      2,
    )
    const findings = [
      readGroupFindings(one, 'Group 1', groups[0]!.roomId),
      readGroupFindings(two, 'Group 2', groups[1]!.roomId),
    ]
    const view = compareTraining('f', record, findings, templateElementNames(billing), true)
    expect(view.groups[0]!.top.map((t) => [t.title, t.elements])).toEqual([
      ['threat 0', ['Webhook receiver']],
      ['threat 1', ['Billing API']],
      ['threat 2', ['Audit log']],
    ])
    const found = Object.fromEntries(
      view.experts!.map((e) => [`${e.elementName} ${e.category}`, e.found]),
    )
    expect(found['Webhook receiver spoofing']).toEqual(['top', 'missed'])
    expect(found['Billing API tampering']).toEqual(['top', 'missed'])
    expect(found['Billing database information-disclosure']).toEqual(['recorded', 'missed'])
    expect(found['Admin console elevation-of-privilege']).toEqual(['missed', 'missed'])
    expect(found['Invoice emails information-disclosure']).toEqual(['missed', 'top'])
    expect(view.groups[1]!.top[1]!.elements).toEqual(['Invoice emails'])
  })

  it('leaves the expert threats out when asked to', () => {
    const view = compareTraining('f', record, [], new Map(), false)
    expect(view.experts).toBeUndefined()
    expect(view.revealed).toBe(false)
  })

  it('reads the record back from the facilitator room’s tl_meta', () => {
    const doc = new Y.Doc()
    getMetaMap(doc).set(TRAINING_KEY, record)
    expect(readTraining(doc)).toEqual(record)
    expect(readTraining(new Y.Doc())).toBeUndefined()
    // A title stored before titles were held to plain text still reads: the training stays.
    const older = { ...record, title: 'Class\u202E 7' }
    getMetaMap(doc).set(TRAINING_KEY, older)
    expect(readTraining(doc)).toEqual(older)
  })

  it('holds a group to three top threats, and each once', () => {
    expect(SessionSchema.safeParse({ topThreats: ['a', 'b', 'c', 'd'] }).success).toBe(false)
    expect(SessionSchema.safeParse({ topThreats: ['a', 'a'] }).success).toBe(false)
    expect(SessionSchema.safeParse({ topThreats: ['a', 'b', 'c'] }).success).toBe(true)
  })

  it('refuses a training request with an unknown template or too few groups', () => {
    const ok = { title: 'Class', template: 'billing-training', groups: 3 }
    expect(CreateTrainingBodySchema.safeParse(ok).success).toBe(true)
    expect(CreateTrainingBodySchema.safeParse({ ...ok, template: 'nope' }).success).toBe(false)
    expect(CreateTrainingBodySchema.safeParse({ ...ok, groups: 1 }).success).toBe(false)
    expect(CreateTrainingBodySchema.safeParse({ ...ok, title: 'Class\u202E 7' }).success).toBe(
      false,
    )
  })
})
