import { useRef, useState, type FormEvent } from 'react'
import { MAX_TITLE_LENGTH, MAX_TRAINING_GROUPS, type TemplateSummary } from '@threatboard/shared'
import { saveRoomAccess } from '../access/roomAccess.ts'
import { saveTraining } from '../access/trainings.ts'
import { createTraining } from '../api/trainingApi.ts'
import { trainingPath } from '../routing/matchRoute.ts'
import { navigate } from '../routing/navigate.ts'

/**
 * Training mode (issue 14): one request creates the facilitator's room and a room per group
 * from a template. This browser keeps every room's tokens (it owns them all) and opens the
 * comparison page, where the groups' invite links are. A missing name is said here, beside the
 * field, as for a room; other errors are the server's own words.
 */
export function CreateTrainingForm({
  adminToken,
  templates,
}: {
  adminToken: string | undefined
  templates: TemplateSummary[]
}) {
  const training = templates.filter((t) => t.training)
  const [title, setTitle] = useState('')
  const [template, setTemplate] = useState('')
  const [groups, setGroups] = useState(3)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const titleInput = useRef<HTMLInputElement>(null)
  if (templates.length === 0) return null
  const chosen = template || training[0]?.id || templates[0]!.id

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!title.trim()) {
      setError('Name the training first: the groups and the comparison page are headed with it.')
      titleInput.current?.focus()
      return
    }
    setBusy(true)
    setError(null)
    try {
      const created = await createTraining({ title, template: chosen, groups }, adminToken)
      for (const room of [created.facilitator, ...created.groups]) {
        saveRoomAccess(room.id, { token: room.tokens.owner, role: 'owner', invites: room.tokens })
      }
      saveTraining({ id: created.id, title })
      navigate(trainingPath(created.id))
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
      setBusy(false)
    }
  }

  return (
    <form className="tb-create tb-create--training" onSubmit={submit}>
      <h2 className="tb-create__heading">Run a training</h2>
      <p className="tb-muted">
        Practice rooms for several groups from one template; compare their top three threats with
        the expert&rsquo;s at the end.
      </p>
      <div className="tb-create__fields">
        <label className="tb-create__whole">
          Training name
          <input
            ref={titleInput}
            data-testid="training-title-input"
            value={title}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'create-training-error' : undefined}
            maxLength={MAX_TITLE_LENGTH}
            placeholder="e.g. Threat modeling 102"
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label>
          Template
          <select
            data-testid="training-template-select"
            value={chosen}
            onChange={(e) => setTemplate(e.target.value)}
          >
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
                {t.training ? ' (with expert threats)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Groups
          <input
            type="number"
            data-testid="training-groups-input"
            min={2}
            max={MAX_TRAINING_GROUPS}
            value={groups}
            onChange={(e) => setGroups(Number(e.target.value))}
          />
        </label>
        <button type="submit" data-testid="create-training-button" disabled={busy}>
          {busy ? 'Creating…' : 'Create training'}
        </button>
      </div>
      {error && (
        <p
          className="tb-error"
          role="alert"
          id="create-training-error"
          data-testid="create-training-error"
        >
          {error}
        </p>
      )}
    </form>
  )
}
