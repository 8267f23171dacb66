import type { RoomSummary } from './rooms.ts'

/** Roles a room grants through its invite tokens. The server enforces them (README "Roles"). */
export const ROLES = ['owner', 'editor', 'observer', 'viewer'] as const
export type Role = (typeof ROLES)[number]

/** The answer to `POST /api/rooms`: the tokens and links are shown this once. */
export interface CreatedRoom extends RoomSummary {
  tokens: Record<Role, string>
  links: Record<Role, string>
}

/** The answer to `GET /api/rooms/:id`: the room and the caller's role in it. */
export interface RoomWithRole extends RoomSummary {
  role: Role
}
