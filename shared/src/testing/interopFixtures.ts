import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import type { InteropFormat } from '../interop/formats.ts'
import type { InteropModel } from '../interop/model.ts'

/**
 * For tests only (exported as `@threatboard/shared/testing`); the app never imports it.
 *
 * The Threat Dragon and OTM files the interop tests run over, looked for in this order:
 * THREATBOARD_FIXTURES, `../shared/fixtures` beside the repository, and this machine kind's
 * shared folder (`/work/shared/fixtures`, for a checkout made elsewhere on it). Missing on CI is
 * a failure; on a laptop, a skip that says so.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url))
const candidates = process.env.THREATBOARD_FIXTURES
  ? [process.env.THREATBOARD_FIXTURES]
  : [path.resolve(root, '..', 'shared', 'fixtures'), '/work/shared/fixtures']
export const FIXTURES_DIR = candidates.find((dir) => existsSync(dir)) ?? candidates[0]!
export const haveFixtures = existsSync(FIXTURES_DIR)
if (!haveFixtures) {
  const message = `interop fixtures not found in ${candidates.join(' or ')} (set THREATBOARD_FIXTURES)`
  if (process.env.CI === 'true') throw new Error(message)
  console.warn(`SKIPPING interop fixture tests: ${message}`)
}

const SCHEMA_FILES: Record<InteropFormat, string> = {
  'threat-dragon': 'threat-dragon/threat-dragon-v2.schema.json',
  otm: 'otm/open-threat-model.schema.json',
  'tm-bom': 'tm-bom/threat-model.schema.json',
}
const readJson = (file: string): unknown =>
  JSON.parse(readFileSync(path.join(FIXTURES_DIR, file), 'utf8'))

/** One fixture file's path, for tests that hand the file itself to a browser. */
export const fixturePath = (file: string) => path.join(FIXTURES_DIR, file)

export interface Fixture {
  format: InteropFormat
  name: string
  json: Record<string, unknown>
}

/**
 * Every model file of the given formats (the schemas themselves left out); by default the two
 * that import and export (TM-BOM imports only).
 */
export function fixtures(formats: InteropFormat[] = ['threat-dragon', 'otm']): Fixture[] {
  if (!haveFixtures) return []
  const list = (dir: string, format: InteropFormat) =>
    readdirSync(path.join(FIXTURES_DIR, dir))
      .filter((f) => f.endsWith('.json') && !f.includes('schema'))
      .sort()
      .map((name) => ({
        format,
        name,
        json: readJson(`${dir}/${name}`) as Record<string, unknown>,
      }))
  return formats.flatMap((format) => list(format, format))
}

/** A validator for each format's published JSON schema. */
export function schemaValidator(format: InteropFormat) {
  // The Threat Dragon schema uses OpenAPI's `nullable`; neither schema is written for strict mode.
  const ajv = new Ajv({ allErrors: true, strict: false })
  const validate = ajv.compile(readJson(SCHEMA_FILES[format]) as object)
  return (json: unknown): string[] => {
    if (validate(json)) return []
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
  }
}

/** What an import and export must keep: counts, and each threat's fields, by title. */
export function essentials(model: InteropModel) {
  const sortBy = <T>(items: T[], key: (t: T) => string) =>
    [...items].sort((a, b) => key(a).localeCompare(key(b)))
  // Diagrams by title, each with the names of what is drawn on it (ids may change on the way).
  const on = (d: string) =>
    [...model.elements, ...model.flows, ...model.boundaries]
      .filter((i) => i.diagram === d)
      .map((i) => i.name)
      .sort()
  return {
    title: model.title,
    diagrams: model.diagrams.map((d) => ({ title: d.title, items: on(d.id) })),
    elements: sortBy(model.elements, (e) => e.name + e.id).map((e) => ({
      name: e.name,
      kind: e.kind,
      inScope: e.inScope,
      assets: [...e.assets].sort(),
    })),
    assets: sortBy(model.assets, (a) => a.id).map((a) => `${a.name}|${a.sensitivity}|${a.notes}`),
    flows: sortBy(model.flows, (f) => f.name + f.id).map((f) => ({
      name: f.name,
      protocol: f.protocol,
      encrypted: f.encrypted,
      publicNetwork: f.publicNetwork,
      bidirectional: f.bidirectional,
    })),
    boundaries: sortBy(model.boundaries, (b) => b.name + b.id).map((b) => b.name),
    threats: sortBy(model.threats, (t) => t.title + t.description + t.id).map((t) => ({
      title: t.title,
      category: t.category,
      severity: t.severity,
      status: t.status,
      description: t.description,
      mitigation: t.mitigation,
      targets: t.targets.length,
    })),
  }
}
