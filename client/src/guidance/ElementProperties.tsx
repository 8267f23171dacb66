import { useValue, type Editor, type TLShape } from 'tldraw'
import { elementKindOf, parseElementProperties, withElementProperties } from '@threatboard/shared'
import { shapeName } from '../panels/ThreatFilters.tsx'
import { changeProperty, PROPERTY_FIELDS } from './propertyFields.ts'

const KIND_LABEL = {
  process: 'Process',
  'data-store': 'Data store',
  'external-entity': 'External entity',
  'data-flow': 'Data flow',
} as const

/** Writes one element's properties through the editor, so the Yjs binding syncs them. */
function writeProperties(editor: Editor, shape: TLShape, next: Record<string, unknown>) {
  const kind = elementKindOf(shape)
  if (!kind) return
  const meta = withElementProperties(shape.meta, kind, next) as TLShape['meta']
  editor.updateShape({ id: shape.id, type: shape.type, meta })
}

/**
 * The security properties of the selected DFD node or data flow, which the guidance rules
 * read. Editors and owners change them; everyone else sees them read-only.
 */
export function ElementProperties({ editor, canEdit }: { editor: Editor; canEdit: boolean }) {
  const shape = useValue('guidance selection', () => editor.getOnlySelectedShape() ?? undefined, [
    editor,
  ])
  const kind = shape ? elementKindOf(shape) : undefined
  if (!shape || !kind) {
    return (
      <p className="tb-muted" data-testid="guidance-no-selection">
        Select a process, data store, external entity or data flow to {canEdit ? 'set' : 'see'} its
        properties.
      </p>
    )
  }
  const stored = parseElementProperties(kind, shape.meta.properties) as Record<string, unknown>
  return (
    <fieldset className="tb-guidance-props" data-testid="guidance-properties" disabled={!canEdit}>
      <legend>
        {KIND_LABEL[kind]} <strong>{shapeName(editor, shape) || '(unnamed)'}</strong>
      </legend>
      {PROPERTY_FIELDS[kind].map((field) =>
        field.type === 'flag' ? (
          <label key={field.key} className="tb-guidance-prop">
            <input
              type="checkbox"
              data-testid={`prop-${field.key}`}
              checked={stored[field.key] === true}
              onChange={(e) =>
                writeProperties(editor, shape, changeProperty(stored, field.key, e.target.checked))
              }
            />
            {field.label}
          </label>
        ) : (
          <label key={field.key} className="tb-guidance-prop">
            {field.label}{' '}
            <select
              data-testid={`prop-${field.key}`}
              value={typeof stored[field.key] === 'string' ? (stored[field.key] as string) : ''}
              onChange={(e) =>
                writeProperties(editor, shape, changeProperty(stored, field.key, e.target.value))
              }
            >
              <option value="">not set</option>
              {field.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </label>
        ),
      )}
    </fieldset>
  )
}
