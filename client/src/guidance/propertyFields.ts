import type { DfdElementKind } from '@threatboard/shared'

/** One editable property: a yes flag, or a choice among values ('' = not set). */
export type PropertyField =
  | { key: string; label: string; type: 'flag' }
  | { key: string; label: string; type: 'choice'; options: readonly string[] }

/**
 * The properties the Guidance section offers for each kind, in the words a team would use.
 * A flow's protocol, encryption and public network are edited on the canvas panel (they live
 * in `meta.dataFlow`), so they are not repeated here.
 */
export const PROPERTY_FIELDS: Record<DfdElementKind, readonly PropertyField[]> = {
  process: [
    { key: 'internetFacing', label: 'Internet facing', type: 'flag' },
    { key: 'authenticatesCallers', label: 'Authenticates callers', type: 'flag' },
    { key: 'rateLimited', label: 'Rate limited', type: 'flag' },
    { key: 'handlesPayment', label: 'Handles payments', type: 'flag' },
    { key: 'handlesPersonalData', label: 'Handles personal data', type: 'flag' },
    {
      key: 'privilegeLevel',
      label: 'Runs as',
      type: 'choice',
      options: ['user', 'service', 'root/admin'],
    },
  ],
  'data-store': [
    { key: 'storesCredentials', label: 'Stores credentials', type: 'flag' },
    { key: 'isLog', label: 'Is a log', type: 'flag' },
    { key: 'encryptedAtRest', label: 'Encrypted at rest', type: 'flag' },
    { key: 'signed', label: 'Signed / hash-chained', type: 'flag' },
    { key: 'storesPersonalData', label: 'Stores personal data', type: 'flag' },
    { key: 'storesPaymentData', label: 'Stores payment data', type: 'flag' },
  ],
  'external-entity': [
    { key: 'authenticated', label: 'Authenticated', type: 'flag' },
    { key: 'nature', label: 'Is a', type: 'choice', options: ['human', 'system'] },
  ],
  'data-flow': [
    { key: 'authenticated', label: 'Authenticated', type: 'flag' },
    { key: 'carriesSensitiveData', label: 'Carries sensitive data', type: 'flag' },
  ],
}

/**
 * The stored properties after one field changes. An unticked flag or an empty choice removes
 * the key: every rule treats "no" and "not set" alike (a safeguard counts only when it is known
 * to be there, a risky trait only when it is known), so "not set" is the honest default.
 */
export function changeProperty(
  current: Record<string, unknown>,
  key: string,
  value: boolean | string,
): Record<string, unknown> {
  const next = { ...current }
  if (value === false || value === '') delete next[key]
  else next[key] = value
  return next
}
