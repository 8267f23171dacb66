import { z } from 'zod'

/**
 * Room ids are 22 characters of base64url: 132 random bits, unguessable and URL-safe.
 * The format is checked before any lookup so a bad id never reaches storage.
 */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/

export const RoomIdSchema = z.string().regex(ROOM_ID_PATTERN, 'must be a 22-character room id')

export function isRoomId(value: string): boolean {
  return ROOM_ID_PATTERN.test(value)
}

/** 16 random bytes → 22 base64url characters (the top bits of the last char are always 0). */
export function createRoomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(17))
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').slice(0, 22)
}
