import type { Editor, TLShape } from 'tldraw'
import { SEVERITIES, STRIDE, STRIDE_INFO, THREAT_STATUSES, type Threat } from '@threatboard/shared'
import type {} from '../shapes/boardShapeTypes.ts'
import { label } from './EnumSelect.tsx'

export interface ThreatFilter {
  category?: string
  severity?: string
  status?: string
  element?: string
}

export function matches(t: Threat, f: ThreatFilter): boolean {
  return (
    (!f.category || t.category === f.category) &&
    (!f.severity || t.severity === f.severity) &&
    (!f.status || t.status === f.status) &&
    (!f.element || t.targets.elements.includes(f.element))
  )
}

/**
 * A flow's name, by its record: records are immutable, so a flow that did not change keeps its
 * name without its rich text being rendered to plain text again (the model panel lists every
 * element and flow again on every change of any shape).
 */
const flowNames = new WeakMap<TLShape, string>()

export function shapeName(editor: Editor, s: TLShape): string {
  if (s.type === 'dfd-node' || s.type === 'trust-boundary') return s.props.name
  let name = flowNames.get(s)
  if (name === undefined) {
    name = editor.getShapeUtil(s).getText(s)?.trim() || 'Data flow'
    flowNames.set(s, name)
  }
  return name
}

/** Filters of the threat list: category, severity, status, element. */
export function ThreatFilters(props: {
  filter: ThreatFilter
  onChange: (f: ThreatFilter) => void
  elements: { id: string; name: string }[]
}) {
  const select = (key: keyof ThreatFilter, name: string, options: [string, string][]) => (
    <select
      aria-label={`Filter by ${name}`}
      data-testid={`filter-${key}`}
      value={props.filter[key] ?? ''}
      onChange={(e) => props.onChange({ ...props.filter, [key]: e.target.value || undefined })}
    >
      <option value="">Any {name}</option>
      {options.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </select>
  )
  return (
    <div className="tb-filters">
      {select(
        'category',
        'category',
        STRIDE.map((c) => [c, STRIDE_INFO[c].label]),
      )}
      {select(
        'severity',
        'severity',
        SEVERITIES.map((s) => [s, label(s)]),
      )}
      {select(
        'status',
        'status',
        THREAT_STATUSES.map((s) => [s, label(s)]),
      )}
      {select(
        'element',
        'element',
        props.elements.map((e) => [e.id, e.name]),
      )}
    </div>
  )
}
