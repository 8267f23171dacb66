import type { ApiErrorBody, RoomSummary } from '@threatboard/shared'

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

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  const error = (value as { error?: { message?: unknown } } | null)?.error
  return typeof error?.message === 'string'
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      ...init,
      headers: init.body ? { 'content-type': 'application/json' } : undefined,
    })
  } catch (err) {
    if (init.signal?.aborted) throw err
    throw new ApiError('NETWORK', 'Could not reach the Threatboard server.', 0)
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

export async function listRooms(signal?: AbortSignal): Promise<RoomSummary[]> {
  const { rooms } = await request<{ rooms: RoomSummary[] }>('/api/rooms', { signal })
  return rooms
}

export function getRoom(id: string, signal?: AbortSignal): Promise<RoomSummary> {
  return request<RoomSummary>(`/api/rooms/${encodeURIComponent(id)}`, { signal })
}

export function createRoom(title: string): Promise<RoomSummary> {
  return request<RoomSummary>('/api/rooms', { method: 'POST', body: JSON.stringify({ title }) })
}

export function deleteRoom(id: string): Promise<void> {
  return request<void>(`/api/rooms/${encodeURIComponent(id)}`, { method: 'DELETE' })
}
