import { useState, type ReactNode } from 'react'
import type { RoomApi, VersionSummary } from '../api/roomApi.ts'
import { errorText } from '../panels/errorText.ts'
import { useConfirm } from '../ui/ConfirmDialog.tsx'

/**
 * The owner's "Restore this version", from the live board's list of versions or from the version
 * itself: asks first, saying what goes back for everyone, then puts the version back as the live
 * board. `restore` resolves true once the server has done it; `onStatus` hears how it went. The
 * returned dialog must be rendered; `restoring` is true while the server is at it, so the buttons
 * can wait instead of sending the same restore twice.
 */
export function useRestoreVersion(
  api: RoomApi,
  onStatus: (text: string) => void,
): [(version: VersionSummary) => Promise<boolean>, ReactNode, boolean] {
  const [confirm, dialog] = useConfirm()
  const [restoring, setRestoring] = useState(false)
  const restore = async (v: VersionSummary) => {
    const yes = await confirm({
      title: `Restore version ${v.number}?`,
      body: `The board, threats, assets, recommendations and session of everyone in this room go back to “${v.name}”. Save a version of the current board first if you may want it back.`,
      confirm: 'Restore this version',
    })
    if (!yes) return false
    onStatus(`Restoring version ${v.number}…`)
    setRestoring(true)
    try {
      await api.restoreVersion(v.id)
      onStatus(`Restored version ${v.number}: ${v.name}`)
      return true
    } catch (err) {
      onStatus(`Could not restore version ${v.number}: ${errorText(err)}`)
      return false
    } finally {
      setRestoring(false)
    }
  }
  return [restore, dialog, restoring]
}
