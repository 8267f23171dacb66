/**
 * The trainings this browser created (it holds their facilitator rooms' owner tokens), so the
 * lobby can lead back to their comparison pages.
 */
const STORAGE_KEY = 'threatboard.trainings'

export interface SavedTraining {
  id: string
  title: string
}

export function loadTrainings(): SavedTraining[] {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as unknown
    return Array.isArray(saved)
      ? saved.filter(
          (t): t is SavedTraining =>
            typeof (t as SavedTraining)?.id === 'string' &&
            typeof (t as SavedTraining).title === 'string',
        )
      : []
  } catch {
    return []
  }
}

export function saveTraining(training: SavedTraining): void {
  try {
    const others = loadTrainings().filter((t) => t.id !== training.id)
    localStorage.setItem(STORAGE_KEY, JSON.stringify([training, ...others]))
  } catch {
    // Private mode or full storage: the comparison page is reached from the creation only.
  }
}

/** Drops a training whose facilitator room was deleted (its comparison went with it). */
export function forgetTraining(id: string): void {
  try {
    const left = loadTrainings().filter((t) => t.id !== id)
    localStorage.setItem(STORAGE_KEY, JSON.stringify(left))
  } catch {
    // Nothing was kept.
  }
}
