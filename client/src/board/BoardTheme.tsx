import { useLayoutEffect } from 'react'
import { useEditor, useValue } from 'tldraw'
import { applySavedTheme, applyTheme } from '../ui/appTheme.ts'

/**
 * Carries tldraw's dark mode (Ctrl+/, or the menu's preferences) to the page as it changes, so
 * that the header, the side panel and the panels over the canvas turn dark with the canvas
 * (their colours are the `--tb-*` variables of styles.css). Renders nothing. The choice is saved
 * with the user's preferences, and the rest of the app (lobby, trainings) follows it too
 * (ui/appTheme.ts).
 */
export function BoardTheme() {
  const editor = useEditor()
  const dark = useValue('dark mode', () => editor.user.getIsDarkMode(), [editor])
  useLayoutEffect(() => {
    applyTheme(dark)
    // Leaving the board: the page goes on as the saved choice says.
    return applySavedTheme
  }, [dark])
  return null
}
