/**
 * A new entity id: `prefix` then 12 random lowercase hex digits (48 bits, unique enough for one
 * room). Uses `crypto.getRandomValues`, which unlike `crypto.randomUUID` exists outside secure
 * contexts, so ids work on a plain-http LAN install opened by IP.
 */
export function newEntityId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6))
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
