/**
 * How far from the origin, in board units, a shape's position, size or any number in its props
 * may be. tldraw's validators take any finite number, and a shape 1e300 wide makes every board
 * that draws it fail ("Invalid array length"). A real board is a few thousand units across.
 */
export const MAX_BOARD_NUMBER = 10_000_000

/** The first number in `value` (walked without recursion) further from 0 than the limit. */
function numberOutOfRange(value: unknown): number | undefined {
  const stack = [value]
  while (stack.length > 0) {
    const v = stack.pop()
    if (typeof v === 'number') {
      if (Math.abs(v) > MAX_BOARD_NUMBER) return v
    } else if (v !== null && typeof v === 'object') {
      stack.push(...Object.values(v))
    }
  }
  return undefined
}

/**
 * A number of a board record that is beyond the board's range: a shape's place, turn or any of
 * its props; any of a binding's props. Undefined when all are in range (and for other records).
 */
export function recordOutOfRange(record: {
  typeName: string
  x?: unknown
  y?: unknown
  rotation?: unknown
  props?: unknown
}): number | undefined {
  if (record.typeName === 'shape') {
    return numberOutOfRange([record.x, record.y, record.rotation, record.props])
  }
  if (record.typeName === 'binding') return numberOutOfRange(record.props)
  return undefined
}
