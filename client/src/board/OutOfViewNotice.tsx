import { useEffect } from 'react'
import { useEditor, useToasts } from 'tldraw'

/**
 * Says so when a board (or a page of it) opened with part of its model out of view, because the
 * model is too large to read whole (`fitCameraToModel`), and offers what Shift+1 does. `opened`
 * counts such openings; each new one shows the notice again. Rendered inside the Tldraw
 * component, for its editor and its notices.
 */
export function OutOfViewNotice({ opened }: { opened: number }) {
  const editor = useEditor()
  const { addToast } = useToasts()
  useEffect(() => {
    if (opened === 0) return
    addToast({
      id: `model-out-of-view-${opened}`,
      title: 'Part of the model is out of view',
      description:
        'It is too large to read whole, so the board opened on its top-left. Shift+1 shows all of it.',
      severity: 'info',
      actions: [
        {
          type: 'primary',
          label: 'Show all',
          onClick: () => editor.zoomToFit({ animation: { duration: 200 } }),
        },
      ],
    })
  }, [opened, editor, addToast])
  return null
}
