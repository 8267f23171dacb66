import type * as Y from 'yjs'
import { findTemplate, writeTemplateToDoc } from '@threatboard/shared/templates/starterTemplates.ts'
import type { TemplateSpec } from '@threatboard/shared/templates/templateModel.ts'
import { ApiError } from '../errors.ts'
import { boardSchema } from '../rooms/boardSchema.ts'

// This module loads only when a template is used (usecases/rooms.ts, routes/trainings.ts).
const schema = await boardSchema()

/** A known template by id (ids are checked at the boundary already; this is the backstop). */
export function templateById(id: string): TemplateSpec {
  const template = findTemplate(id)
  if (!template) throw new ApiError('BAD_REQUEST', `no template named ${id}`)
  return template
}

/** Fills a freshly seeded room document with a template (for `initialSnapshot`). */
export const fillFromTemplate =
  (template: TemplateSpec, extra?: (doc: Y.Doc) => void) =>
  (doc: Y.Doc): void => {
    writeTemplateToDoc(doc, template, schema, Date.now())
    extra?.(doc)
  }
