import * as Y from 'yjs'
import type { z } from 'zod'
import { AssetSchema, type Asset } from '../domain/asset.ts'
import { HintSchema, ReviewSchema, type Hint, type Review } from '../domain/hint.ts'
import { RecommendationSchema, type Recommendation } from '../domain/recommendation.ts'
import { SessionSchema, type Session } from '../domain/session.ts'
import { ThreatSchema, type Threat } from '../domain/threat.ts'
import { syncMap } from './recordMaps.ts'
import { issueProblem } from '../text/schemaProblem.ts'

/**
 * The threat model's root types in the room's Y.Doc (see docs/doc-layout.md). Each collection is
 * a Y.Map from entity id to a Y.Map of that entity's fields, so two people editing different
 * fields of one threat both keep their edit.
 */
export const MODEL_ROOTS = {
  session: 'tb_session',
  assets: 'tb_assets',
  threats: 'tb_threats',
  recommendations: 'tb_recommendations',
  hints: 'tb_hints',
  reviews: 'tb_reviews',
} as const
export type ModelRootKey = keyof typeof MODEL_ROOTS
export type ModelRootName = (typeof MODEL_ROOTS)[ModelRootKey]

/** Roots only the server may write (observers' hints and reviews go through the server). */
export const SERVER_ONLY_ROOTS: readonly ModelRootName[] = [MODEL_ROOTS.hints, MODEL_ROOTS.reviews]

export type Collection = 'assets' | 'threats' | 'recommendations' | 'hints' | 'reviews'

interface EntityTypes {
  assets: Asset
  threats: Threat
  recommendations: Recommendation
  hints: Hint
  reviews: Review
}

const SCHEMAS: Record<Collection, z.ZodType> = {
  assets: AssetSchema,
  threats: ThreatSchema,
  recommendations: RecommendationSchema,
  hints: HintSchema,
  reviews: ReviewSchema,
}

export function getCollection(doc: Y.Doc, name: Collection): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(MODEL_ROOTS[name])
}

export function getSessionMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(MODEL_ROOTS.session)
}

/** Reads every valid entity of a collection (invalid ones are skipped; the server refuses them). */
export function readCollection<C extends Collection>(doc: Y.Doc, name: C): EntityTypes[C][] {
  const out: EntityTypes[C][] = []
  for (const map of getCollection(doc, name).values()) {
    const entity = readEntity(name, map)
    if (entity) out.push(entity)
  }
  return out
}

/** One stored entity of a collection, validated; undefined when it is not a valid one. */
export function readEntity<C extends Collection>(
  name: C,
  map: unknown,
): EntityTypes[C] | undefined {
  if (!(map instanceof Y.Map)) return undefined
  const parsed = SCHEMAS[name].safeParse(map.toJSON())
  return parsed.success ? (parsed.data as EntityTypes[C]) : undefined
}

/** Reads the session, filling defaults for unset fields. */
export function readSession(doc: Y.Doc): Session {
  const parsed = SessionSchema.safeParse(getSessionMap(doc).toJSON())
  return parsed.success ? parsed.data : SessionSchema.parse({})
}

/**
 * Validates and writes one entity, setting only the fields that differ. Throws a ModelError
 * naming the problem when the entity is invalid; nothing is written then.
 */
export function writeEntity<C extends Collection>(
  doc: Y.Doc,
  name: C,
  entity: EntityTypes[C],
  origin?: unknown,
): void {
  const parsed = parseEntity(name, entity)
  doc.transact(() => {
    const coll = getCollection(doc, name)
    let map = coll.get(parsed.id)
    if (!(map instanceof Y.Map)) {
      map = new Y.Map<unknown>()
      coll.set(parsed.id, map)
    }
    syncMap(map, parsed, false)
  }, origin)
}

/**
 * Writes some fields of an entity over what is stored now, not over the copy the writer last
 * saw (a field saved when its row left the list comes from an older copy, whose other fields a
 * teammate may have changed since). Writes nothing and returns false when the entity is gone.
 */
export function patchEntity<C extends Collection>(
  doc: Y.Doc,
  name: C,
  id: string,
  patch: Partial<EntityTypes[C]>,
  origin?: unknown,
): boolean {
  const current = readEntity(name, getCollection(doc, name).get(id))
  if (!current) return false
  writeEntity(doc, name, { ...current, ...patch }, origin)
  return true
}

/** Validates and writes session fields (a partial update). */
export function writeSession(doc: Y.Doc, patch: Partial<Session>, origin?: unknown): void {
  const next = SessionSchema.safeParse({ ...getSessionMap(doc).toJSON(), ...patch })
  if (!next.success) throw new ModelError('session', 'session', formatIssues(next.error))
  doc.transact(() => syncMap(getSessionMap(doc), next.data, false), origin)
}

export function deleteEntity(doc: Y.Doc, name: Collection, id: string, origin?: unknown): void {
  doc.transact(() => getCollection(doc, name).delete(id), origin)
}

/** A model entity that breaks the schema: where it is and what is wrong. */
export class ModelError extends Error {
  override name = 'ModelError'
  readonly collection: string
  readonly entityId: string
  /** What is wrong, in words for the person who wrote it (the message names the entity too). */
  readonly problem: string
  constructor(collection: string, entityId: string, problem: string) {
    super(`${collection} ${entityId}: ${problem}`)
    this.collection = collection
    this.entityId = entityId
    this.problem = problem
  }
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => issueProblem(i, 'the entity')).join('; ')
}

export function parseEntity<C extends Collection>(name: C, value: unknown): EntityTypes[C] {
  const parsed = SCHEMAS[name].safeParse(value)
  const id = String((value as { id?: unknown })?.id ?? '?')
  if (!parsed.success) throw new ModelError(name, id, formatIssues(parsed.error))
  return parsed.data as EntityTypes[C]
}

const ROOT_TO_COLLECTION = new Map<string, Collection>(
  (Object.entries(MODEL_ROOTS) as [ModelRootKey, ModelRootName][])
    .filter(([k]) => k !== 'session')
    .map(([k, v]) => [v, k as Collection]),
)

/**
 * Checks the model roots named in `roots` of a document: every entity must match its schema and
 * be stored under its own id. Returns the first problem, or undefined when all is well.
 */
export function findModelProblem(doc: Y.Doc, roots: Iterable<string>): ModelError | undefined {
  for (const root of roots) {
    if (root === MODEL_ROOTS.session) {
      const problem = findEntityProblem(doc, root, null)
      if (problem) return problem
      continue
    }
    const name = ROOT_TO_COLLECTION.get(root)
    if (!name) continue
    for (const key of getCollection(doc, name).keys()) {
      const problem = findEntityProblem(doc, root, key)
      if (problem) return problem
    }
  }
  return undefined
}

/**
 * Checks one entry of a model root: the entity under `key` (none there is fine: it was
 * deleted), or the whole session when `root` is the session's. Lets a check cost what the
 * change touched rather than the whole collection.
 */
export function findEntityProblem(
  doc: Y.Doc,
  root: string,
  key: string | null,
): ModelError | undefined {
  if (root === MODEL_ROOTS.session) {
    const parsed = SessionSchema.safeParse(getSessionMap(doc).toJSON())
    return parsed.success
      ? undefined
      : new ModelError('session', 'session', formatIssues(parsed.error))
  }
  const name = ROOT_TO_COLLECTION.get(root)
  if (!name) return undefined
  if (key === null) return findModelProblem(doc, [root])
  const map = getCollection(doc, name).get(key)
  if (map === undefined) return undefined
  if (!(map instanceof Y.Map)) return new ModelError(name, key, 'entry must be a Y.Map')
  const value = map.toJSON()
  if (value.id !== key) return new ModelError(name, key, 'id must equal its key')
  try {
    parseEntity(name, value)
  } catch (err) {
    return err as ModelError
  }
  return undefined
}
