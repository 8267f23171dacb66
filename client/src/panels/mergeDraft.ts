import { applyPatches, makePatches } from '@sanity/diff-match-patch'

/**
 * What to save when someone typed over `base` (the shared text when they started) to get
 * `mine`, while the shared text became `theirs`. One side alone changed: that side. Both: my
 * changes applied to theirs, when every one of them still finds its place; otherwise nothing is
 * merged (`merged: null`) and the caller asks the person, so that neither text is lost.
 */
export function mergeDraft(base: string, mine: string, theirs: string): { merged: string | null } {
  if (theirs === base || mine === theirs) return { merged: mine }
  if (mine === base) return { merged: theirs }
  // Both filled an empty field: theirs, saved first, then mine.
  if (!base.trim()) return { merged: `${theirs.trimEnd()} ${mine.trim()}` }
  const [merged, applied] = applyPatches(makePatches(base, mine), theirs)
  return { merged: applied.every(Boolean) ? merged : null }
}
