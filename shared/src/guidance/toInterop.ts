import type { DfdElementKind } from '../domain/stride.ts'
import type { ElementProperties } from './elementProperties.ts'

/**
 * The Threat Dragon `data` fields that hold an element's properties, for export: the reverse
 * of `propertiesFromThreatDragonCell` for what Threat Dragon can hold. Only what is set is
 * written (Threat Dragon reads a missing flag as false). Our properties with no Threat Dragon
 * field (rate limiting, personal data, internet facing…) are not written.
 */
export function threatDragonDataOf(
  kind: DfdElementKind,
  properties: ElementProperties | undefined,
): Record<string, unknown> {
  if (!properties) return {}
  const p = properties as Record<string, unknown>
  const out: Record<string, unknown> = {}
  const put = (field: string, value: unknown) => {
    if (value !== undefined && value !== false) out[field] = value
  }
  if (kind === 'process') {
    put('privilegeLevel', p.privilegeLevel)
    put('handlesCardPayment', p.handlesPayment)
  } else if (kind === 'data-store') {
    put('isALog', p.isLog)
    put('storesCredentials', p.storesCredentials)
    put('isEncrypted', p.encryptedAtRest)
    put('isSigned', p.signed)
  } else if (kind === 'external-entity') {
    put('providesAuthentication', p.authenticated)
  }
  return out
}
