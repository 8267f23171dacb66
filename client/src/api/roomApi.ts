import type { Hint, Review } from '@threatboard/shared'
import { ApiError, request } from './roomsApi.ts'

/** Calls of one room's API on behalf of this browser's invite token (docs/api.md). */
export function roomApi(roomId: string, token: string) {
  const base = `/api/rooms/${encodeURIComponent(roomId)}`
  const call = <T>(path: string, method = 'GET', body?: unknown) =>
    request<T>(`${base}${path}`, { method, body, token })
  return {
    postHint: (hint: { text: string; author: string; target: Hint['target']; hidden: boolean }) =>
      call<Hint>('/hints', 'POST', hint),
    stagedHints: async () => (await call<{ hints: Hint[] }>('/hints/staged')).hints,
    revealHint: (id: string) => call<Hint>(`/hints/${encodeURIComponent(id)}/reveal`, 'POST'),
    setHintState: (id: string, state: Hint['state']) =>
      call<Hint>(`/hints/${encodeURIComponent(id)}`, 'PATCH', { state }),
    deleteHint: (id: string) => call<void>(`/hints/${encodeURIComponent(id)}`, 'DELETE'),
    postReview: (review: { reviewer: string; verdict: Review['verdict']; comment: string }) =>
      call<Review>('/reviews', 'POST', review),
    saveVersion: (name: string, createdBy: string) =>
      call<{ id: string; number: number }>('/versions', 'POST', { name, createdBy }),
    /** Downloads a report (any format) with the token, as a Blob the page can save. */
    async report(format: string): Promise<{ blob: Blob; fileName: string }> {
      const res = await fetch(`${base}/report?format=${format}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as {
          error?: { code: string; message: string }
        } | null
        throw new ApiError(
          body?.error?.code ?? 'HTTP_ERROR',
          body?.error?.message ?? `The server answered ${res.status}.`,
          res.status,
        )
      }
      const disposition = res.headers.get('content-disposition') ?? ''
      const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `report.${format}`
      return { blob: await res.blob(), fileName }
    },
    /** Uploads tldraw's SVG export of the board, which reports embed. */
    async putDiagram(svg: string): Promise<void> {
      const res = await fetch(`${base}/diagram`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'image/svg+xml' },
        body: svg,
      })
      if (!res.ok)
        throw new ApiError('HTTP_ERROR', `Diagram upload failed (${res.status}).`, res.status)
    },
  }
}

export type RoomApi = ReturnType<typeof roomApi>
