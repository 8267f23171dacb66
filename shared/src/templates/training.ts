import { z } from 'zod'
import type * as Y from 'yjs'
import { MAX_TITLE_LENGTH, RoomTitleSchema } from '../api/rooms.ts'
import { LineSchema } from '../domain/common.ts'
import { readCollection, readSession } from '../doc/modelDoc.ts'
import { readAllRecords } from '../doc/recordMaps.ts'
import { getMetaMap, getRecordsMap } from '../doc/roomDoc.ts'
import { isRoomId } from '../protocol/roomId.ts'
import { buildDiagramFacts } from '../guidance/diagramFacts.ts'
import { STRIDE, type StrideCategory } from '../domain/stride.ts'
import type { Severity, Threat } from '../domain/threat.ts'
import { TEMPLATE_IDS } from './templateIds.ts'
import type { TemplateSpec } from './templateModel.ts'

/**
 * Training mode (issue 14): a facilitator runs one template in several group rooms. The training
 * record lives in the facilitator's own room document, under `tl_meta` (which only the server
 * writes), keyed TRAINING_KEY; the training's id is the facilitator room's id. Groups never get
 * a token for that room, so the expert threats stay with the facilitator until the reveal.
 */
export const TRAINING_KEY = 'training'

export const MAX_TRAINING_GROUPS = 12

export const CreateTrainingBodySchema = z.strictObject({
  title: RoomTitleSchema,
  template: z.enum(TEMPLATE_IDS, {
    error: () => `template must be one of ${TEMPLATE_IDS.join(', ')}`,
  }),
  groups: z
    .number()
    .int('groups must be a whole number')
    .min(2, 'a training needs at least 2 groups')
    .max(MAX_TRAINING_GROUPS, `a training has at most ${MAX_TRAINING_GROUPS} groups`),
})
export type CreateTrainingBody = z.infer<typeof CreateTrainingBodySchema>

const ExpertSchema = z.strictObject({
  /** The element's shape id on every room of the training (`shape:<template id>`). */
  elementId: z.string(),
  category: z.enum(STRIDE),
  title: z.string(),
  why: z.string(),
})

export const TrainingRecordSchema = z.strictObject({
  /**
   * The name the facilitator gave it (absent from trainings created before it was kept). Read
   * as it was stored: a title kept before names were held to one line of plain text still reads.
   */
  title: LineSchema('title', MAX_TITLE_LENGTH).optional(),
  template: z.string(),
  groups: z.array(z.strictObject({ name: z.string(), roomId: z.string().refine(isRoomId) })),
  experts: z.array(ExpertSchema),
  revealedAt: z.number().int().nonnegative().optional(),
})
export type TrainingRecord = z.infer<typeof TrainingRecordSchema>

/** The training record of a facilitator room, or undefined when the room runs none. */
export function readTraining(doc: Y.Doc): TrainingRecord | undefined {
  const parsed = TrainingRecordSchema.safeParse(getMetaMap(doc).get(TRAINING_KEY))
  return parsed.success ? parsed.data : undefined
}

/** Key in a group room's `tl_meta`: which training it belongs to, and the group's name. */
export const TRAINING_OF_KEY = 'trainingOf'

const TrainingOfSchema = z.strictObject({
  trainingId: z.string().refine(isRoomId),
  name: z.string(),
})
export type TrainingOf = z.infer<typeof TrainingOfSchema>

/** The training a group room belongs to, or undefined for any other room. */
export function readTrainingOf(doc: Y.Doc): TrainingOf | undefined {
  const parsed = TrainingOfSchema.safeParse(getMetaMap(doc).get(TRAINING_OF_KEY))
  return parsed.success ? parsed.data : undefined
}

/** One of a group's top three, as the comparison shows it. */
export interface TopThreat {
  id: string
  title: string
  category: StrideCategory
  severity: Severity
  /** Names of the elements it targets. */
  elements: string[]
}

/** What the comparison needs from one group room. */
export interface GroupFindings {
  name: string
  roomId: string
  top: TopThreat[]
  /** Every (element, category) the group recorded a threat for, as `elementId|category`. */
  recorded: Set<string>
  /** The same, for its top three only. */
  topKeys: Set<string>
}

const pairKey = (elementId: string, category: string) => `${elementId}|${category}`

/** Reads a group room's top three (in the order marked) and every threat's (element, category). */
export function readGroupFindings(doc: Y.Doc, name: string, roomId: string): GroupFindings {
  const threats = readCollection(doc, 'threats')
  const byId = new Map(threats.map((t) => [t.id, t]))
  // Names as the group sees them now (flows are named by their label), not as the template had them.
  const facts = buildDiagramFacts(readAllRecords(getRecordsMap(doc)))
  const names = new Map<string, string>(facts.elements.map((e) => [e.id, e.name]))
  const keysOf = (list: Threat[]) =>
    new Set(list.flatMap((t) => t.targets.elements.map((e) => pairKey(e, t.category))))
  const topList = (readSession(doc).topThreats ?? [])
    .map((id) => byId.get(id))
    .filter((t): t is Threat => t !== undefined)
  return {
    name,
    roomId,
    top: topList.map((t) => ({
      id: t.id,
      title: t.title,
      category: t.category,
      severity: t.severity,
      elements: t.targets.elements.map((e) => names.get(e) ?? e),
    })),
    recorded: keysOf(threats),
    topKeys: keysOf(topList),
  }
}

/** How a group did on one expert threat: in its top three, recorded but not top, or missed. */
export type Found = 'top' | 'recorded' | 'missed'

export interface TrainingComparison {
  id: string
  /** The training's name, as the facilitator gave it. */
  title?: string
  template: string
  revealed: boolean
  groups: { name: string; roomId: string; top: TopThreat[] }[]
  /** Present for the facilitator, and for everyone once revealed. */
  experts?: {
    elementId: string
    elementName: string
    category: StrideCategory
    title: string
    why: string
    /** One entry per group, in group order. */
    found: Found[]
  }[]
}

/**
 * The comparison view: each group's top three side by side and, when `withExperts`, each expert
 * threat with how each group did. A group found an expert threat when one of its threats has
 * the expert's STRIDE category and targets the expert's element (docs/guidance.md).
 */
export function compareTraining(
  id: string,
  record: TrainingRecord,
  groups: GroupFindings[],
  elementNames: Map<string, string>,
  withExperts: boolean,
): TrainingComparison {
  const comparison: TrainingComparison = {
    id,
    ...(record.title === undefined ? {} : { title: record.title }),
    template: record.template,
    revealed: record.revealedAt !== undefined,
    groups: groups.map((g) => ({ name: g.name, roomId: g.roomId, top: g.top })),
  }
  if (!withExperts) return comparison
  comparison.experts = record.experts.map((e) => {
    const key = pairKey(e.elementId, e.category)
    return {
      ...e,
      elementName: elementNames.get(e.elementId) ?? e.elementId,
      found: groups.map((g): Found =>
        g.topKeys.has(key) ? 'top' : g.recorded.has(key) ? 'recorded' : 'missed',
      ),
    }
  })
  return comparison
}

/** A new training's record: its groups' rooms and the template's expert threats, not revealed. */
export function newTrainingRecord(
  title: string,
  template: TemplateSpec,
  groups: { name: string; roomId: string }[],
): TrainingRecord {
  return {
    title,
    template: template.id,
    groups,
    experts: (template.experts ?? []).map((e) => ({
      elementId: `shape:${e.element}`,
      category: e.category,
      title: e.title,
      why: e.why,
    })),
  }
}

/** Shape id → name of every element and flow a template draws. */
export function templateElementNames(template: TemplateSpec): Map<string, string> {
  return new Map([...template.nodes, ...template.flows].map((e) => [`shape:${e.id}`, e.name]))
}
