import { useEffect, useState } from 'react'
import type { TemplateSummary } from '@threatboard/shared'
import { listTemplates } from '../api/roomsApi.ts'

/** The server's starter templates; empty until loaded (or if the server lists none). */
export function useTemplates(): TemplateSummary[] {
  const [templates, setTemplates] = useState<TemplateSummary[]>([])
  useEffect(() => {
    const abort = new AbortController()
    listTemplates(abort.signal).then(setTemplates, () => setTemplates([]))
    return () => abort.abort()
  }, [])
  return templates
}
