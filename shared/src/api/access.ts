import type { RoomSummary } from './rooms.ts'

/** Roles a room grants through its invite tokens. The server enforces them (README "Roles"). */
export const ROLES = ['owner', 'editor', 'observer', 'viewer'] as const
export type Role = (typeof ROLES)[number]

/** The answer to `POST /api/rooms`: the tokens and links are shown this once. */
export interface CreatedRoom extends RoomSummary {
  tokens: Record<Role, string>
  links: Record<Role, string>
}

/** The answer to `GET /api/rooms/:id`: the room, the caller's role in it, the server's limits. */
export interface RoomWithRole extends RoomSummary {
  role: Role
  /**
   * The largest sync message and room document this server accepts (`MAX_MESSAGE_BYTES`,
   * `MAX_DOC_BYTES`), so the board can refuse what the server would refuse before sending it.
   */
  limits: { maxMessageBytes: number; maxDocBytes: number }
}
