/**
 * A count with its noun, singular for one: "1 threat", "3 threats", "2 trust boundaries".
 * `many` defaults to `one` with an s.
 */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`
}
