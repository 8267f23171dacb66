import type { RoomRecord, VersionRecord } from './RoomStore.ts'

/** The rows both SQL stores read, in their column names, and how they become records. */
export interface Row {
  id: string
  title: string
  created_at: number
  updated_at: number
  size_bytes: number
}

export const toRecord = (r: Row): RoomRecord => ({
  id: r.id,
  title: r.title,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  sizeBytes: r.size_bytes,
})

/** The columns of `Row`, for SELECT lists. */
export const META = 'id, title, created_at, updated_at, size_bytes'

export interface VersionRow {
  id: string
  number: number
  name: string
  created_by: string
  created_at: number
  size: number
}

export const toVersion = (r: VersionRow): VersionRecord => ({
  id: r.id,
  number: r.number,
  name: r.name,
  createdBy: r.created_by,
  createdAt: r.created_at,
  sizeBytes: r.size,
})
