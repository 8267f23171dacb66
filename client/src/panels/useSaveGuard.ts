import { useCallback, useState } from 'react'
import { errorText } from './errorText.ts'

/**
 * A panel's one line of "not saved" feedback: `guard(action)` runs a model write and, if the
 * model refused it, shows why in plain words (never a validation dump).
 */
export function useSaveGuard() {
  const [error, setError] = useState<string | null>(null)
  const guard = useCallback((action: () => void) => {
    setError(null)
    try {
      action()
    } catch (err) {
      setError(`Not saved: ${errorText(err)}`)
    }
  }, [])
  return { error, guard }
}
