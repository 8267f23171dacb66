/** The file formats a room can be imported from and exported to (docs/interop.md). */
export const INTEROP_FORMATS = ['threat-dragon', 'otm'] as const
export type InteropFormat = (typeof INTEROP_FORMATS)[number]
