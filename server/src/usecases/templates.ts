import type * as Y from 'yjs'
import {
  createBoardSchema,
  findTemplate,
  writeTemplateToDoc,
  type TemplateSpec,
} from '@threatboard/shared'
import { ApiError } from '../errors.ts'

const schema = createBoardSchema()

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
