/**
 * A moment as the panels, headers and tooltips show it ("Dec 4, 2026, 6:19 PM" in English), in
 * the reader's language: one form everywhere, so a version's banner, its line in the list and a
 * review's date read alike.
 */
export function formatWhen(at: string | number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}
