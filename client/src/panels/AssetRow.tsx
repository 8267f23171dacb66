import { useRef, useState, type FormEvent } from 'react'
import { useConfirm } from '../ui/ConfirmDialog.tsx'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import {
  ASSET_KINDS,
  SENSITIVITIES,
  deleteEntity,
  writeEntity,
  type Asset,
  type Threat,
} from '@threatboard/shared'
import { LOCAL_MODEL_ORIGIN, modelEditTakingShapes } from '../model/modelUndo.ts'
import type {} from '../shapes/boardShapeTypes.ts'
import { everyShape } from '../shapes/common/everyShape.ts'
import { EnumSelect } from './EnumSelect.tsx'
import { TextField } from './TextField.tsx'
import { useUnsavedWork } from '../ui/unsavedWork.ts'

const stop = (e: { stopPropagation(): void }) => e.stopPropagation()

/**
 * Removes an asset from the catalogue, its pins from the board and its id from the threats
 * that named it; the threats themselves stay. "Undo model edit" brings it all back, the pins
 * where they were.
 */
export function removeAsset(doc: Y.Doc, editor: Editor | null, asset: Asset, threats: Threat[]) {
  // On every page: an asset may be pinned on several diagrams.
  const pins = everyShape(editor).filter(
    (s) => s.type === 'asset-pin' && s.props.assetId === asset.id,
  )
  modelEditTakingShapes(doc, editor, pins, () => {
    deleteEntity(doc, 'assets', asset.id, LOCAL_MODEL_ORIGIN)
    for (const t of threats) {
      if (!t.targets.assets.includes(asset.id)) continue
      const assets = t.targets.assets.filter((id) => id !== asset.id)
      writeEntity(doc, 'threats', { ...t, targets: { ...t.targets, assets } }, LOCAL_MODEL_ORIGIN)
    }
  })
}

export function AssetDetails(props: {
  asset: Asset
  canEdit: boolean
  /** Writes some fields of the asset over what is stored now. */
  onChange: (patch: Partial<Asset>) => void
  onDelete: () => void
}) {
  const { asset: a, canEdit, onChange } = props
  const [confirm, confirmDialog] = useConfirm()
  return (
    <details className="tb-details">
      <summary data-testid="asset-details">Details</summary>
      {confirmDialog}
      <TextField
        label="Name"
        value={a.name}
        maxLength={200}
        disabled={!canEdit}
        validate={(name) => (name.trim() ? null : 'An asset needs a name.')}
        onSave={(name) => onChange({ name: name.trim() })}
      />
      <div className="tb-row">
        <EnumSelect
          label={`Kind of “${a.name}”`}
          disabled={!canEdit}
          value={a.kind}
          options={ASSET_KINDS}
          onChange={(kind) => onChange({ kind })}
        />
        <EnumSelect
          label={`Sensitivity of “${a.name}”`}
          disabled={!canEdit}
          value={a.sensitivity}
          options={SENSITIVITIES}
          onChange={(sensitivity) => onChange({ sensitivity })}
        />
      </div>
      <TextField
        label="Owner"
        value={a.owner}
        maxLength={200}
        disabled={!canEdit}
        onSave={(owner) => onChange({ owner: owner.trim() })}
      />
      <TextField
        label="Notes"
        multiline
        value={a.notes}
        maxLength={5000}
        disabled={!canEdit}
        onSave={(notes) => onChange({ notes })}
      />
      {canEdit && (
        <button
          type="button"
          data-testid="asset-delete"
          onClick={async () => {
            const yes = await confirm({
              title: `Remove “${a.name}”?`,
              body: 'It leaves the catalogue and is unpinned everywhere on the board.',
              confirm: 'Remove asset',
            })
            if (yes) props.onDelete()
          }}
        >
          Remove asset
        </button>
      )}
    </details>
  )
}

export function AssetForm({
  onAdd,
}: {
  onAdd: (a: Pick<Asset, 'name' | 'kind' | 'sensitivity'>) => void
}) {
  const [name, setName] = useState('')
  useUnsavedWork('the asset you were adding', name)
  const [kind, setKind] = useState<Asset['kind']>('data')
  const [sensitivity, setSensitivity] = useState<Asset['sensitivity']>('confidential')
  const field = useRef<HTMLInputElement>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onAdd({ name, kind, sensitivity })
    setName('')
    // The button, disabled with the field emptied, would drop the keyboard to the page.
    field.current?.focus()
  }
  return (
    <form className="tb-form" onSubmit={submit} data-testid="asset-form">
      <input
        ref={field}
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
