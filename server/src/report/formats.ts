/**
 * The report formats and layouts, apart from the renderers: the route validates against these
 * lists on the main thread, which must not load pdfkit, fonts, the diagram code or the report
 * builder (with the guidance rules it reads) just to know the names (they load only in the render
 * worker).
 */
export const REPORT_FORMATS = ['markdown', 'html', 'json', 'csv', 'pdf'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** The model files a room is exported to, rendered by the same worker (TM-BOM is import only). */
export const EXPORT_FORMATS = ['threat-dragon', 'otm'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export const REPORT_LAYOUTS = ['ticket', 'summary', 'full'] as const
export type ReportLayout = (typeof REPORT_LAYOUTS)[number]

/** True when `zone` is a time zone this Node knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone })
    return true
  } catch {
    return false
  }
}
