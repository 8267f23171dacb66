import type { FastifyPluginAsync } from 'fastify'
import { roomRateLimit } from './roomGuard.ts'

/**
 * `GET /api/templates`: the starter templates a room can be created from. Public: it lists
 * names and summaries only (never a training template's expert threats).
 */
export const templatesRoutes: FastifyPluginAsync = async (app) => {
  app.get('/api/templates', { config: roomRateLimit(app.config) }, async () => {
    // The templates (with their boards and expert threats) load on first use, not at start.
    const { templateSummaries } = await import('@threatboard/shared/templates/starterTemplates.ts')
    return { templates: templateSummaries() }
  })
}
