import {
  atom,
  computed,
  createTLCurrentUser,
  createUserId,
  UserRecordType,
  type TLUser,
  type TLUserPreferences,
} from 'tldraw'
import { USER_STORAGE_KEY } from '../ui/appTheme.ts'
import { cleanUserName } from './userName.ts'

/** Cursor and avatar colours: distinct from each other and readable on white. */
export const USER_COLORS = [
  '#e03131',
  '#f76707',
  '#e8a200',
  '#2f9e44',
  '#0c8599',
  '#1971c2',
  '#6741d9',
  '#c2255c',
] as const

/** What each colour is called, for the swatches' names (a screen reader would read the hex). */
export const COLOR_NAMES: Readonly<Record<string, string>> = {
  '#e03131': 'Red',
  '#f76707': 'Orange',
  '#e8a200': 'Yellow',
  '#2f9e44': 'Green',
  '#0c8599': 'Teal',
  '#1971c2': 'Blue',
  '#6741d9': 'Violet',
  '#c2255c': 'Pink',
}

/**
 * `preferred` if no one else here wears it, else the next colour in the list that no one does;
 * `preferred` again when every colour is worn.
 */
export function freeColor(preferred: string, worn: ReadonlySet<string>): string {
  if (!worn.has(preferred)) return preferred
  const start = Math.max(0, USER_COLORS.indexOf(preferred as (typeof USER_COLORS)[number]))
  for (let i = 1; i < USER_COLORS.length; i++) {
    const c = USER_COLORS[(start + i) % USER_COLORS.length]!
    if (!worn.has(c)) return c
  }
  return preferred
}

const STORAGE_KEY = USER_STORAGE_KEY

/** 16 random bytes as hex. `crypto.randomUUID` would need a secure context (plain-HTTP LANs). */
function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

function randomColor(): string {
  return USER_COLORS[Math.floor(Math.random() * USER_COLORS.length)]!
}

function load(): TLUserPreferences {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null')
    if (saved && typeof (saved as TLUserPreferences).id === 'string') {
      return withCleanName(saved as TLUserPreferences)
    }
  } catch {
    // Unreadable or blocked storage: start a fresh identity.
  }
  return { id: randomId(), name: null, color: randomColor() }
}

/**
 * This browser's user: a stable random id, a name (asked once) and a colour, kept in
 * localStorage together with tldraw's own preferences (dark mode, snapping, …).
 */
export const $userPreferences = atom<TLUserPreferences>('threatboard user preferences', load())

/** The preferences with their name as cleanUserName leaves it (tldraw's menu can set it too). */
function withCleanName(prefs: TLUserPreferences): TLUserPreferences {
  return typeof prefs.name === 'string' ? { ...prefs, name: cleanUserName(prefs.name) } : prefs
}

export function setUserPreferences(typed: TLUserPreferences): void {
  const prefs = withCleanName(typed)
  $userPreferences.set(prefs)
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(prefs))
  } catch {
    // Private mode or full storage: keep the choice for this page only.
  }
}

export function hasChosenName(prefs: TLUserPreferences): boolean {
  return Boolean(prefs.name?.trim())
}

/** Whether this user has chosen a name (until then others are not shown them). */
export const $hasChosenName = computed('user has a name', () =>
  hasChosenName($userPreferences.get()),
)

/** The user as tldraw's presence and attribution need it. */
export const $user = computed<TLUser>('threatboard user', () => {
  const prefs = $userPreferences.get()
  return UserRecordType.create({
    id: createUserId(prefs.id),
    name: prefs.name?.trim() || 'Anonymous',
    color: prefs.color ?? USER_COLORS[0],
  })
})

/** Passed to `<Tldraw user>` so tldraw's own menus read and change the same preferences. */
export const tldrawCurrentUser = createTLCurrentUser({
  userPreferences: $userPreferences,
  setUserPreferences,
})

// Another tab of this browser changed the name or colour: follow it.
window.addEventListener('storage', (event) => {
  if (event.key === STORAGE_KEY) $userPreferences.set(load())
})
