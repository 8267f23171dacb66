import type {
  ApiErrorBody,
  InteropFormat,
  RoomSummary,
  RoomWithRole,
  TemplateSummary,
} from '@threatboard/shared'
import type { Role } from '../access/roomAccess.ts'

/** A failed API call. `code` is the server's error code, or NETWORK when it was not reached. */
export class ApiError extends Error {
  override name = 'ApiError'
  readonly code: string
  readonly status: number
  constructor(code: string, message: string, status: number) {
    super(message)
    this.code = code
    this.status = status
  }
}

/** `POST /api/rooms`: the new room and one invite token per role, shown this once. */
export interface CreatedRoom extends RoomSummary {
  tokens: Record<Role, string>
}

export type { RoomWithRole }

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  const error = (value as { error?: { message?: unknown } } | null)?.error
  return typeof error?.message === 'string'
}

interface RequestOptions {
  method?: string
  body?: unknown
  /** Sent as `Authorization: Bearer …`: a room's invite token, or the admin token. */
  token?: string
  signal?: AbortSignal
}

/** What a request that never got an answer (server down, connection lost) throws. */
export const unreachable = () =>
  new ApiError(
    'NETWORK',
    'Could not reach the Threatboard server. Check the connection and try again.',
    0,
  )

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {}
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let response: Response
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    })
  } catch (err) {
    if (options.signal?.aborted) throw err
    throw unreachable()
  }
  if (response.status === 204) return undefined as T
  const body: unknown = await response.json().catch(() => undefined)
  if (!response.ok) {
    if (isApiErrorBody(body)) {
      throw new ApiError(body.error.code, body.error.message, response.status)
    }
    throw new ApiError('HTTP_ERROR', `The server answered ${response.status}.`, response.status)
  }
  return body as T
}

const roomUrl = (id: string) => `/api/rooms/${encodeURIComponent(id)}`

export async function listRooms(adminToken?: string, signal?: AbortSignal): Promise<RoomSummary[]> {
  const { rooms } = await request<{ rooms: RoomSummary[] }>('/api/rooms', {
    token: adminToken,
    signal,
  })
  return rooms
}

/** `POST /api/rooms`: a blank room, or one filled from a starter template. */
export function createRoom(
  title: string,
  adminToken?: string,
  template?: string,
): Promise<CreatedRoom> {
  return request<CreatedRoom>('/api/rooms', {
    method: 'POST',
    body: template ? { title, template } : { title },
    token: adminToken,
  })
}

/** `GET /api/templates`: the starter templates a room can be created from. */
export async function listTemplates(signal?: AbortSignal): Promise<TemplateSummary[]> {
  return (await request<{ templates: TemplateSummary[] }>('/api/templates', { signal })).templates
}

export function getRoom(id: string, token: string, signal?: AbortSignal): Promise<RoomWithRole> {
  return request<RoomWithRole>(roomUrl(id), { token, signal })
}

export function deleteRoom(id: string, ownerToken: string): Promise<void> {
  return request<void>(roomUrl(id), { method: 'DELETE', token: ownerToken })
}

/** The answer to an import: a created room, what it holds, and what had to change on the way. */
export interface ImportedRoom extends CreatedRoom {
  imported: {
    format: InteropFormat
    elements: number
    flows: number
    boundaries: number
    threats: number
    assets: number
  }
  warnings: string[]
}

/** `POST /api/rooms/import`: a new room built from a Threat Dragon or OTM file. */
export function importRoom(
  format: InteropFormat,
  file: unknown,
  adminToken?: string,
): Promise<ImportedRoom> {
  return request<ImportedRoom>(`/api/rooms/import?format=${format}`, {
    method: 'POST',
    body: file,
    token: adminToken,
  })
}

/** `PATCH /api/rooms/:id` (owner): renames the room. */
export function renameRoom(id: string, ownerToken: string, title: string): Promise<RoomSummary> {
  return request<RoomSummary>(roomUrl(id), { method: 'PATCH', body: { title }, token: ownerToken })
}

/** `POST /api/rooms/:id/tokens/:role` (owner): a new invite for `role`; the old one stops working. */
export function reissueInvite(
  id: string,
  ownerToken: string,
  role: Role,
): Promise<{ role: Role; token: string; link: string }> {
  return request(`${roomUrl(id)}/tokens/${role}`, { method: 'POST', token: ownerToken })
}

/** `DELETE /api/rooms/:id/tokens/:role` (owner, not for `owner`): the role's invite stops working. */
export function revokeInvite(id: string, ownerToken: string, role: Role): Promise<void> {
  return request<void>(`${roomUrl(id)}/tokens/${role}`, { method: 'DELETE', token: ownerToken })
}
