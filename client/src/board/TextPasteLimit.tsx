import { useEffect } from 'react'
import { defaultHandleExternalTextContent, useEditor, useToasts } from 'tldraw'

/** Bytes a pasted text takes in the document beyond its characters, per line (its paragraph). */
const PARAGRAPH_BYTES = 64

/** What `text` will take in the room's document once pasted as a text shape, about. */
export function pastedTextBytes(text: string): number {
  return new TextEncoder().encode(text).byteLength + text.split('\n').length * PARAGRAPH_BYTES
}

/**
 * Refuses, with a notice, a text pasted on the canvas, or into a text being edited, that one sync
 * message could not carry (`maxBytes`, from the server's `MAX_MESSAGE_BYTES`): a text is one
 * value of the document, which no piece can split, so the server would refuse the change and the
 * page would have to drop it. Anything smaller is pasted as tldraw pastes text. Rendered inside
 * the Tldraw component, for its editor and its notices.
 */
export function TextPasteLimit({ maxBytes }: { maxBytes: number }) {
  const editor = useEditor()
  const { addToast } = useToasts()
  useEffect(() => {
    const refuse = (bytes: number) => {
      const kb = (n: number) => `${Math.ceil(n / 1000).toLocaleString('en')} KB`
      addToast({
        title: 'Text too long for the board',
        description: `This text would take about ${kb(bytes)} on the board; one text can take up to ${kb(maxBytes)}. Keep the long text in a document and paste a link to it.`,
        severity: 'error',
      })
    }
    // On the canvas: tldraw makes a text shape of it.
    editor.registerExternalContentHandler('text', async (content) => {
      const bytes = pastedTextBytes(content.text)
      if (bytes <= maxBytes) return defaultHandleExternalTextContent(editor, content)
      refuse(bytes)
    })
    // Into a text being edited: the rich-text editor takes the paste. Caught on its way down,
    // before it gets there; the text grows by what is pasted.
    const container = editor.getContainer()
    const onPaste = (event: ClipboardEvent) => {
      const editing = editor.getEditingShape()
      if (
        !editing ||
        !(event.target instanceof Element) ||
        !event.target.closest('.tl-rich-text')
      ) {
        return
      }
      const pasted = event.clipboardData?.getData('text/plain') ?? ''
      const richText = (editing.props as { richText?: unknown }).richText
      const bytes = pastedTextBytes(pasted) + JSON.stringify(richText ?? '').length
      if (bytes <= maxBytes) return
      event.preventDefault()
      event.stopPropagation()
      refuse(bytes)
    }
    container.addEventListener('paste', onPaste, true)
    return () => container.removeEventListener('paste', onPaste, true)
  }, [editor, addToast, maxBytes])
  return null
}
