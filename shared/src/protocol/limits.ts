/** Defaults for the sync limits; the server's config can override each one. */
export const DEFAULT_LIMITS = {
  /** Largest single WebSocket message accepted, in bytes. */
  maxMessageBytes: 1024 * 1024,
  /** Largest room document (snapshot plus log) accepted, in bytes. */
  maxDocBytes: 32 * 1024 * 1024,
} as const
