/**
 * The starter templates' ids, on their own so that validating a request (client and server)
 * does not pull the templates' data, expert threats included, into the client's bundle.
 * `starterTemplates.test.ts` checks the list matches STARTER_TEMPLATES.
 */
export const TEMPLATE_IDS = [
  'web-app',
  'mobile-cloud',
  'payment-flow',
  'admin-tool',
  'billing-training',
] as const
export type TemplateId = (typeof TEMPLATE_IDS)[number]
