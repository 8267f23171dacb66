/** An ASCII download name from a room title, e.g. "checkout-threat-model.pdf". */
export function downloadName(title: string, suffix: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .toLowerCase()
  return `${slug || 'room'}-${suffix}`
}
