import type { Hint, InteropFormat, Review } from '@threatboard/shared'
import { ApiError, request, unreachable } from './roomsApi.ts'

/** Calls of one room's API on behalf of this browser's invite token (docs/api.md). */
export function roomApi(roomId: string, token: string) {
  const base = `/api/rooms/${encodeURIComponent(roomId)}`
  /** Fetches a file with the token, as a Blob the page can save under the server's name. */
  const fetchFile = async (path: string): Promise<DownloadedFile> => {
    // A lost connection (before the answer or during the file) in words, not "Failed to fetch".
    const res = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    }).catch(() => {
      throw unreachable()
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
    const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'download'
    const blob = await res.blob().catch(() => {
      throw unreachable()
    })
    return { blob, fileName }
  }
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
    /** The named versions of the room, oldest first. */
    versions: async () => (await call<{ versions: VersionSummary[] }>('/versions')).versions,
    /** A saved version's document (a Yjs update), to show it read-only. */
    versionDoc: (versionId: string) =>
      fetchFile(`/versions/${encodeURIComponent(versionId)}/doc`).then((f) => f.blob.arrayBuffer()),
    /**
     * A report (pdf, html, markdown, csv, json) of the live room or of a version; `layout`
     * (ticket, summary, full) picks how much of the model it shows.
     */
    report: (format: string, versionId?: string, layout?: ReportLayout) =>
      fetchFile(`/report?${query({ format, version: versionId, layout })}`),
    /** The room (or a version) as a Threat Dragon or OTM file. */
    exportModel: (format: InteropFormat, versionId?: string) =>
      fetchFile(`/export?${query({ format, version: versionId })}`),
    /** Puts a saved version back as the room's live board, for everyone (owner only). */
    restoreVersion: (versionId: string) =>
      call<unknown>(`/versions/${encodeURIComponent(versionId)}/restore`, 'POST'),
  }
}

export type RoomApi = ReturnType<typeof roomApi>

/** How much a report shows: a ticket's worth, a one-page summary, or everything. */
export type ReportLayout = 'ticket' | 'summary' | 'full'

export interface DownloadedFile {
  blob: Blob
  fileName: string
}

/** A named version as the server lists it. */
export interface VersionSummary {
  id: string
  number: number
  name: string
  createdBy: string
  createdAt: string
}

const query = (params: Record<string, string | undefined>) =>
  new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
  ).toString()

/** Saves a downloaded file in the browser's downloads. */
export function saveFile({ blob, fileName }: DownloadedFile): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
