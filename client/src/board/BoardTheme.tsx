import { useLayoutEffect } from 'react'
import { useEditor, useValue } from 'tldraw'

/**
 * Carries tldraw's dark mode (Ctrl+/, or the menu's preferences) to the page, so that the
 * header, the side panel and the panels over the canvas turn dark with the canvas (their colours
 * are the `--tb-*` variables of styles.css). Renders nothing; leaving the board lets the rest of
 * the app (the lobby) be light again.
 */
export function BoardTheme() {
  const editor = useEditor()
  const dark = useValue('dark mode', () => editor.user.getIsDarkMode(), [editor])
  useLayoutEffect(() => {
    const root = document.documentElement
    if (dark) root.dataset.theme = 'dark'
    else delete root.dataset.theme
    return () => {
      delete root.dataset.theme
    }
  }, [dark])
  return null
}
