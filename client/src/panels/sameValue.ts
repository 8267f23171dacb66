// Equality for values the panels derive from every shape of the board: with them a derived
// value is kept while it is the same, so that moving shapes (which changes every shape list) does
// not re-render a panel that shows none of the positions.

/** The same members. */
export const sameSet = <T>(a: ReadonlySet<T>, b: ReadonlySet<T>) =>
  a.size === b.size && [...a].every((x) => b.has(x))

/** The same elements, with the same names, in the same order. */
export const sameElements = (
  a: readonly { id: string; name: string }[],
  b: readonly { id: string; name: string }[],
) => a.length === b.length && a.every((x, i) => x.id === b[i]!.id && x.name === b[i]!.name)

/** The same keys with the same values (compared with `===`). */
export const sameMap = <K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>) =>
  a.size === b.size && [...a].every(([k, v]) => b.has(k) && b.get(k) === v)
