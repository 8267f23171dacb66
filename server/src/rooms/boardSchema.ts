import type { TLSchema } from '@tldraw/tlschema'

let schema: Promise<TLSchema> | undefined

/**
 * The board's tldraw schema, made once, on first use: the tldraw modules behind it cost a few
 * MiB that a server which has loaded no room and made none does not need (bench/RESULTS.md,
 * "Start and per-room memory").
 */
export function boardSchema(): Promise<TLSchema> {
  schema ??= import('@threatboard/shared/doc/tldrawSchema.ts').then((m) => m.createBoardSchema())
  return schema
}
