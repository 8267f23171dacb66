declare module 'svg-to-pdfkit' {
  /** Draws an SVG document onto a PDFKit page. */
  export default function SVGtoPDF(
    doc: PDFKit.PDFDocument,
    svg: string,
    x: number,
    y: number,
    options?: {
      width?: number
      height?: number
      preserveAspectRatio?: string
      assumePt?: boolean
      /** Names the registered PDFKit font to use for an SVG font family. */
      fontCallback?: (family: string, bold: boolean, italic: boolean) => string
    },
  ): void
}
