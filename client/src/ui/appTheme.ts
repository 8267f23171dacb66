/**
 * The whole app's light or dark look, from the user's colour scheme: tldraw's preference (Ctrl+/
 * or its menu on the board), which localUser.ts keeps in localStorage under USER_STORAGE_KEY.
 * This module does not import tldraw, so the lobby can follow the choice from its first paint
 * without loading the editor. The page's colours are the `--tb-*` variables of styles.css,
 * switched by `data-theme="dark"` on the root element.
 */

/** Where localUser.ts keeps the user's id, name, colour and tldraw's preferences. */
export const USER_STORAGE_KEY = 'threatboard.user'

const systemDark = () => window.matchMedia?.('(prefers-color-scheme: dark)').matches === true

/** The colour scheme saved in this browser: 'light', 'dark' or 'system' (tldraw's values). */
function savedScheme(): string {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(USER_STORAGE_KEY) ?? 'null')
    const scheme = (saved as { colorScheme?: unknown } | null)?.colorScheme
    return typeof scheme === 'string' ? scheme : 'light'
  } catch {
    return 'light'
  }
}

/** Turns the page dark or light. */
export function applyTheme(dark: boolean): void {
  const root = document.documentElement
  if (dark) root.dataset.theme = 'dark'
  else delete root.dataset.theme
}

/** Applies the saved choice ('system' follows the operating system). */
export function applySavedTheme(): void {
  const scheme = savedScheme()
  applyTheme(scheme === 'dark' || (scheme === 'system' && systemDark()))
}

/**
 * Applies the saved choice now, and again when another tab changes it or, for 'system', when the
 * operating system switches.
 */
export function followSavedTheme(): void {
  applySavedTheme()
  window.addEventListener('storage', (event) => {
    if (event.key === USER_STORAGE_KEY) applySavedTheme()
  })
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', applySavedTheme)
}
