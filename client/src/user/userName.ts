import { withoutUnsafeNameChars } from '@threatboard/shared'

/**
 * A name as typed or pasted, as others see it and as the server takes it when it signs a
 * version, a hint or a review: one line of plain text, without control characters or
 * text-direction marks (a pasted name holding one would make every save fail), at most 100
 * characters. Empty when nothing readable is left.
 */
export function cleanUserName(typed: string): string {
  return withoutUnsafeNameChars(typed.replace(/\s+/g, ' ')).trim().slice(0, 100)
}
