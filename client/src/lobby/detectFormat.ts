import type { InteropFormat } from '@threatboard/shared'

/**
 * Guesses the format of an imported model from its top-level fields: OTM files carry
 * `otmVersion`; Threat Dragon files a `summary` and a `detail` with diagrams.
 */
export function detectFormat(json: unknown): InteropFormat | undefined {
  if (typeof json !== 'object' || json === null) return undefined
  const o = json as Record<string, unknown>
  if (typeof o.otmVersion === 'string') return 'otm'
  if (typeof o.summary === 'object' && typeof o.detail === 'object') return 'threat-dragon'
  return undefined
}
