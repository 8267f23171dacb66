import './panels.css'
import { useState, type FormEvent } from 'react'
import { useValue, type Editor, type TLShape, type TLShapeId } from 'tldraw'
import {
  ASSET_KINDS,
  AssetSchema,
  PRIORITIES,
  PRIORITY_MEANING,
  PRIORITY_RANK,
  RECOMMENDATION_STATUS_RANK,
  RecommendationSchema,
  SENSITIVITIES,
  SEVERITIES,
  STRIDE,
  STRIDE_INFO,
  THREAT_STATUSES,
  deleteEntity,
  writeEntity,
  type Asset,
  type Priority,
  type Threat,
} from '@threatboard/shared'
import type * as Y from 'yjs'
import { useRoomModel } from '../model/RoomModelContext.tsx'
import { useCollection } from '../model/useModel.ts'
import { LOCAL_MODEL_ORIGIN } from '../model/modelUndo.ts'
import type {} from '../shapes/boardShapeTypes.ts'
import { pinAsset } from '../shapes/assetPin/pinAsset.ts'
import { placeThreatCard } from '../shapes/threatCard/createThreatCard.ts'
import { sectionId } from './PanelNav.tsx'
import { EnumSelect, label } from './EnumSelect.tsx'
import { RecommendationRow } from './RecommendationRow.tsx'
import { TextField } from './TextField.tsx'

const newId = (p: string) => `${p}${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`
const stop = (e: { stopPropagation(): void }) => e.stopPropagation()

/**
 * The team's threat-model lists beside the board: assets (pinned onto the selected element),
 * threats with filters, recommendations. Drawing, naming, STRIDE cards and prompts are on the
 * canvas itself (toolbar and canvas panel). Every write is validated by the shared schemas
 * first; the server validates again.
 */
export function ModelPanel() {
  const model = useRoomModel()
  const { editor, doc, canEdit } = model
  const threats = useCollection('threats')
  const assets = useCollection('assets')
  const recs = useCollection('recommendations')
  const selected = useValue('selected shape', () => editor?.getOnlySelectedShape() ?? undefined, [
    editor,
  ])
  const carded = useValue(
    'threats with a card',
    () =>
      new Set(
        (editor?.getCurrentPageShapes() ?? []).flatMap((s) =>
          s.type === 'threat-card' ? [s.props.threatId] : [],
        ),
      ),
    [editor],
  )
  const [error, setError] = useState<string | null>(null)
  const [filter, setFilter] = useState<ThreatFilter>({})
  const elements = useValue(
    'diagram elements',
    () =>
      (editor?.getCurrentPageShapes() ?? [])
        .filter((s) => s.type === 'dfd-node' || s.type === 'arrow' || s.type === 'trust-boundary')
        .map((s) => ({ id: s.id as string, name: shapeName(editor!, s) })),
    [editor],
  )

  const guard = (action: () => void) => {
    setError(null)
    try {
      action()
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
  }

  return (
    <section className="tb-model" data-testid="model-panel">
      {error && (
        <p className="tb-error" role="alert">
          {error}
        </p>
      )}

      <h2 id={sectionId('assets')} tabIndex={-1}>
        Assets
      </h2>
      {assets.length === 0 && <p className="tb-muted">No assets yet: what is worth protecting?</p>}
      <ul className="tb-list" data-testid="asset-list">
        {assets.map((a) => (
          <li key={a.id} data-testid="asset-row">
            <strong>{a.name}</strong> · {label(a.kind)} · {a.sensitivity}
            {canEdit &&
              editor &&
              selected &&
              selected.type !== 'asset-pin' &&
              selected.type !== 'threat-card' && (
                <button
                  type="button"
                  data-testid="pin-asset"
                  onClick={() => pinAsset(editor, { assetId: a.id, targetShapeId: selected.id })}
                >
                  Pin to selection
                </button>
              )}
            <AssetDetails
              asset={a}
              canEdit={canEdit}
              onChange={(next) =>
                guard(() => writeEntity(doc, 'assets', AssetSchema.parse(next), LOCAL_MODEL_ORIGIN))
              }
              onDelete={() => guard(() => removeAsset(doc, editor, a, threats))}
            />
          </li>
        ))}
      </ul>
      {canEdit && (
        <AssetForm
          onAdd={(a) =>
            guard(() =>
              writeEntity(
                doc,
                'assets',
                AssetSchema.parse({ ...a, id: newId('a') }),
                LOCAL_MODEL_ORIGIN,
              ),
            )
          }
        />
      )}

      <h2 id={sectionId('threats')} tabIndex={-1}>
        Threats
      </h2>
      {threats.length === 0 && (
        <p className="tb-muted">No threats yet: select an element and use the STRIDE prompts.</p>
      )}
      {threats.length > 0 && (
        <ThreatFilters filter={filter} onChange={setFilter} elements={elements} />
      )}
      <ul className="tb-list" data-testid="threat-list">
        {threats
          .filter((t) => matches(t, filter))
          .map((t) => (
            <ThreatRow
              key={t.id}
              threat={t}
              answered={recs.some((r) => r.threatIds.includes(t.id))}
              unattached={
                t.targets.elements.length > 0 &&
                t.targets.elements.every((id) => !elements.some((e) => e.id === id))
              }
              cardTarget={
                carded.has(t.id)
                  ? undefined
                  : t.targets.elements.find((id) => elements.some((e) => e.id === id))
              }
              onChange={(next) =>
                guard(() => writeEntity(doc, 'threats', next, LOCAL_MODEL_ORIGIN))
              }
            />
          ))}
      </ul>

      <h2 id={sectionId('recommendations')} tabIndex={-1}>
        Recommendations
      </h2>
      {recs.length === 0 && <p className="tb-muted">No recommendations yet.</p>}
      <ul className="tb-list" data-testid="recommendation-list">
        {[...recs]
          .sort(
            (a, b) =>
              PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
              RECOMMENDATION_STATUS_RANK[a.status] - RECOMMENDATION_STATUS_RANK[b.status],
          )
          .map((r) => (
            <RecommendationRow
              key={r.id}
              rec={r}
              threats={threats}
              canEdit={canEdit}
              onChange={(next) =>
                guard(() =>
                  writeEntity(
                    doc,
                    'recommendations',
                    RecommendationSchema.parse(next),
                    LOCAL_MODEL_ORIGIN,
                  ),
                )
              }
              onDelete={() =>
                guard(() => deleteEntity(doc, 'recommendations', r.id, LOCAL_MODEL_ORIGIN))
              }
            />
          ))}
      </ul>
      {canEdit && threats.length > 0 && (
        <RecommendationForm
          threats={threats}
          onAdd={(text, priority, threatId) =>
            guard(() =>
              writeEntity(
                doc,
                'recommendations',
                RecommendationSchema.parse({
                  id: newId('r'),
                  text,
                  priority,
                  threatIds: [threatId],
                  status: 'proposed',
                  owner: model.userName,
                }),
                LOCAL_MODEL_ORIGIN,
              ),
            )
          }
        />
      )}
    </section>
  )
}

interface ThreatFilter {
  category?: string
  severity?: string
  status?: string
  element?: string
}

function matches(t: Threat, f: ThreatFilter): boolean {
  return (
    (!f.category || t.category === f.category) &&
    (!f.severity || t.severity === f.severity) &&
    (!f.status || t.status === f.status) &&
    (!f.element || t.targets.elements.includes(f.element))
  )
}

function shapeName(editor: Editor, s: TLShape): string {
  if (s.type === 'dfd-node' || s.type === 'trust-boundary') return s.props.name
  return editor.getShapeUtil(s).getText(s)?.trim() || 'Data flow'
}

function ThreatFilters(props: {
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

function ThreatRow({
  threat,
  answered,
  unattached,
  cardTarget,
  onChange,
}: {
  threat: Threat
  answered: boolean
  unattached: boolean
  /** Set when the threat has no card on the board but a target that could carry one. */
  cardTarget: string | undefined
  onChange: (t: Threat) => void
}) {
  const { canEdit, editor } = useRoomModel()
  const info = STRIDE_INFO[threat.category]
  const card = () =>
    editor
      ?.getCurrentPageShapes()
      .find((s) => s.type === 'threat-card' && s.props.threatId === threat.id)
  return (
    <li data-testid="threat-row" data-threat-id={threat.id}>
      <span
        className="tb-stride__letter tb-stride__letter--small"
        style={{ background: info.color }}
      >
        {info.letter}
      </span>
      <button
        type="button"
        className="tb-link"
        onClick={() => {
          const shape = card()
          if (shape && editor) {
            editor.select(shape.id)
            editor.zoomToSelection({ animation: { duration: 200 } })
          }
        }}
      >
        {threat.title}
      </button>
      {!answered && threat.status === 'open' && (
        <span className="tb-flag"> · no recommendation</span>
      )}
      {unattached && (
        <span className="tb-flag" data-testid="unattached">
          {' '}
          · unattached (its element was deleted)
        </span>
      )}
      {cardTarget && (
        <span className="tb-flag" data-testid="no-card">
          {' '}
          · no card on the board{' '}
          {canEdit && editor && (
            <button
              type="button"
              data-testid="place-card"
              onClick={() => placeThreatCard(editor, threat.id, cardTarget as TLShapeId)}
            >
              Put one back
            </button>
          )}
        </span>
      )}
      <div className="tb-row">
        <EnumSelect
          label="Severity"
          testId="threat-severity"
          disabled={!canEdit}
          value={threat.severity}
          options={SEVERITIES}
          onChange={(severity) => onChange({ ...threat, severity })}
        />
        <EnumSelect
          label="Status"
          disabled={!canEdit}
          value={threat.status}
          options={THREAT_STATUSES}
          onChange={(status) => onChange({ ...threat, status })}
        />
      </div>
      <details className="tb-details">
        <summary data-testid="threat-details">
          Details{threat.description || threat.mitigation ? '' : ' (none yet)'}
        </summary>
        <TextField
          label="Title"
          value={threat.title}
          maxLength={200}
          disabled={!canEdit}
          onSave={(title) => title.trim() && onChange({ ...threat, title: title.trim() })}
        />
        <TextField
          label="Description"
          multiline
          value={threat.description}
          maxLength={5000}
          disabled={!canEdit}
          testId="threat-description"
          placeholder="How would an attacker do this, and what would it cost us?"
          onSave={(description) => onChange({ ...threat, description })}
        />
        <TextField
          label="Mitigation"
          multiline
          value={threat.mitigation}
          maxLength={5000}
          disabled={!canEdit}
          testId="threat-mitigation"
          placeholder="What prevents or limits it (in place or planned)?"
          onSave={(mitigation) => onChange({ ...threat, mitigation })}
        />
        <p className="tb-muted">
          Added by {threat.author || 'someone'} · {new Date(threat.createdAt).toLocaleString()}
        </p>
      </details>
    </li>
  )
}

/**
 * Removes an asset from the catalogue, its pins from the board and its id from the threats
 * that named it; the threats themselves stay.
 */
function removeAsset(doc: Y.Doc, editor: Editor | null, asset: Asset, threats: Threat[]) {
  doc.transact(() => {
    deleteEntity(doc, 'assets', asset.id, LOCAL_MODEL_ORIGIN)
    for (const t of threats) {
      if (!t.targets.assets.includes(asset.id)) continue
      const assets = t.targets.assets.filter((id) => id !== asset.id)
      writeEntity(doc, 'threats', { ...t, targets: { ...t.targets, assets } }, LOCAL_MODEL_ORIGIN)
    }
  }, LOCAL_MODEL_ORIGIN)
  const pins = editor
    ?.getCurrentPageShapes()
    .filter((s) => s.type === 'asset-pin' && s.props.assetId === asset.id)
  if (editor && pins && pins.length > 0) editor.deleteShapes(pins)
}

function AssetDetails(props: {
  asset: Asset
  canEdit: boolean
  onChange: (a: Asset) => void
  onDelete: () => void
}) {
  const { asset: a, canEdit, onChange } = props
  return (
    <details className="tb-details">
      <summary data-testid="asset-details">Details</summary>
      <TextField
        label="Name"
        value={a.name}
        maxLength={200}
        disabled={!canEdit}
        onSave={(name) => name.trim() && onChange({ ...a, name: name.trim() })}
      />
      <div className="tb-row">
        <EnumSelect
          label="Asset kind"
          disabled={!canEdit}
          value={a.kind}
          options={ASSET_KINDS}
          onChange={(kind) => onChange({ ...a, kind })}
        />
        <EnumSelect
          label="Sensitivity"
          disabled={!canEdit}
          value={a.sensitivity}
          options={SENSITIVITIES}
          onChange={(sensitivity) => onChange({ ...a, sensitivity })}
        />
      </div>
      <TextField
        label="Owner"
        value={a.owner}
        maxLength={200}
        disabled={!canEdit}
        onSave={(owner) => onChange({ ...a, owner: owner.trim() })}
      />
      <TextField
        label="Notes"
        multiline
        value={a.notes}
        maxLength={5000}
        disabled={!canEdit}
        onSave={(notes) => onChange({ ...a, notes })}
      />
      {canEdit && (
        <button
          type="button"
          data-testid="asset-delete"
          onClick={() => {
            if (window.confirm(`Remove “${a.name}” from the catalogue and unpin it everywhere?`)) {
              props.onDelete()
            }
          }}
        >
          Remove asset
        </button>
      )}
    </details>
  )
}

function AssetForm({
  onAdd,
}: {
  onAdd: (a: Pick<Asset, 'name' | 'kind' | 'sensitivity'>) => void
}) {
  const [name, setName] = useState('')
  const [kind, setKind] = useState<Asset['kind']>('data')
  const [sensitivity, setSensitivity] = useState<Asset['sensitivity']>('confidential')
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onAdd({ name, kind, sensitivity })
    setName('')
  }
  return (
    <form className="tb-form" onSubmit={submit} data-testid="asset-form">
      <input
        aria-label="Asset name"
        data-testid="asset-name"
        placeholder="e.g. Card data"
        value={name}
        maxLength={200}
        onKeyDown={stop}
        onChange={(e) => setName(e.target.value)}
      />
      <EnumSelect label="Asset kind" value={kind} options={ASSET_KINDS} onChange={setKind} />
      <EnumSelect
        label="Sensitivity"
        testId="asset-sensitivity"
        value={sensitivity}
        options={SENSITIVITIES}
        onChange={setSensitivity}
      />
      <button type="submit" data-testid="asset-add" disabled={!name.trim()}>
        Add asset
      </button>
    </form>
  )
}

function RecommendationForm({
  threats,
  onAdd,
}: {
  threats: Threat[]
  onAdd: (text: string, priority: Priority, threatId: string) => void
}) {
  const [text, setText] = useState('')
  const [priority, setPriority] = useState<Priority>('high')
  const [threatId, setThreatId] = useState(threats[0]!.id)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onAdd(text, priority, threats.some((t) => t.id === threatId) ? threatId : threats[0]!.id)
    setText('')
  }
  return (
    <form className="tb-form" onSubmit={submit} data-testid="recommendation-form">
      <input
        aria-label="Recommendation"
        data-testid="rec-text"
        placeholder="What should be done?"
        value={text}
        maxLength={2000}
        onKeyDown={stop}
        onChange={(e) => setText(e.target.value)}
      />
      <EnumSelect
        label="Priority"
        testId="rec-priority"
        value={priority}
        options={PRIORITIES}
        onChange={setPriority}
        optionText={(p) => `${label(p)} — ${PRIORITY_MEANING[p]}`}
      />
      <select
        aria-label="Answers threat"
        data-testid="rec-threat"
        value={threatId}
        onChange={(e) => setThreatId(e.target.value)}
      >
        {threats.map((t) => (
          <option key={t.id} value={t.id}>
            {t.title}
          </option>
        ))}
      </select>
      <button type="submit" data-testid="rec-add" disabled={!text.trim()}>
        Add recommendation
      </button>
    </form>
  )
}
