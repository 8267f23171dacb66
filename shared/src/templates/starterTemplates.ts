import type * as Y from 'yjs'
import type { TLSchema } from '@tldraw/tlschema'
import { writeSession } from '../doc/modelDoc.ts'
import { SERVER_ORIGIN } from '../doc/roomDoc.ts'
import { writeModelToDoc } from '../interop/board.ts'
import { adminToolTemplate } from './adminTool.ts'
import { billingTrainingTemplate } from './billingTraining.ts'
import { mobileCloudTemplate } from './mobileCloud.ts'
import { paymentFlowTemplate } from './paymentFlow.ts'
import { templateToModel, type TemplateSpec } from './templateModel.ts'
import { webAppTemplate } from './webApp.ts'

/** Every starter template, in the order the lobby lists them. */
export const STARTER_TEMPLATES: readonly TemplateSpec[] = [
  webAppTemplate,
  mobileCloudTemplate,
  paymentFlowTemplate,
  adminToolTemplate,
  billingTrainingTemplate,
]

/** What `GET /api/templates` lists: enough to pick one. */
export interface TemplateSummary {
  id: string
  name: string
  summary: string
  /** It carries expert threats, so a training can be run on it. */
  training: boolean
}

export function templateSummaries(): TemplateSummary[] {
  return STARTER_TEMPLATES.map((t) => ({
    id: t.id,
    name: t.name,
    summary: t.summary,
    training: (t.experts?.length ?? 0) > 0,
  }))
}

export function findTemplate(id: string): TemplateSpec | undefined {
  return STARTER_TEMPLATES.find((t) => t.id === id)
}

/**
 * Fills a freshly seeded room document with a template: its diagram, assets and design
 * description (as an import would write them), then its session framing.
 */
export function writeTemplateToDoc(
  doc: Y.Doc,
  template: TemplateSpec,
  schema: TLSchema,
  at: number,
): void {
  writeModelToDoc(doc, templateToModel(template), schema, { at, from: 'Template' })
  writeSession(doc, template.session, SERVER_ORIGIN)
}
