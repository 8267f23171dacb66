import type { InteropFormat } from '@threatboard/shared'

/**
 * Guesses the format of an imported model from its top-level fields: OTM files carry
 * `otmVersion`; Threat Dragon files a `summary` and a `detail` with diagrams; OWASP Threat Model
 * Library (TM-BOM) files a `scope` object and the lists of a system (`trust_zones`,
 * `components`, `data_flows`, …).
 */
export function detectFormat(json: unknown): InteropFormat | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined
  const o = json as Record<string, unknown>
  if (typeof o.otmVersion === 'string') return 'otm'
  if (typeof o.summary === 'object' && typeof o.detail === 'object') return 'threat-dragon'
  const tmBomLists = ['trust_zones', 'actors', 'components', 'data_stores', 'data_flows']
  if (
    typeof o.scope === 'object' &&
    o.scope !== null &&
    tmBomLists.some((key) => Array.isArray(o[key]))
  ) {
    return 'tm-bom'
  }
  return undefined
}
