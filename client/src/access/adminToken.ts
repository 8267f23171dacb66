/**
 * The server's admin token, for servers started with ADMIN_TOKEN (then listing and creating rooms
 * need it). Entered once in the lobby and kept in this browser once the server has accepted it.
 */
const STORAGE_KEY = 'threatboard.adminToken'

export function loadAdminToken(): string | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? undefined
  } catch {
    return undefined
  }
}

export function saveAdminToken(token: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, token)
  } catch {
    // Kept for this page only.
  }
}

/** Forgets a token the server no longer accepts (its ADMIN_TOKEN changed). */
export function forgetAdminToken(): void {
  try {
    localStorage.removeItem(STORAGE_KEY)
  } catch {
    // Nothing was kept.
  }
}
