/** The file formats a room can be imported from (docs/interop.md); all but TM-BOM export too. */
export const INTEROP_FORMATS = ['threat-dragon', 'otm', 'tm-bom'] as const
export type InteropFormat = (typeof INTEROP_FORMATS)[number]
