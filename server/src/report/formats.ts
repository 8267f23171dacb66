/**
 * The report formats, apart from the renderers: the route validates against this list on the main
 * thread, which must not load pdfkit, fonts and the diagram code just to know the names (they
 * load only in the render worker).
 */
export const REPORT_FORMATS = ['markdown', 'html', 'json', 'csv', 'pdf'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]
