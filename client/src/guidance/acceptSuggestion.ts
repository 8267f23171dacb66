import type * as Y from 'yjs'
import type { Editor, TLShapeId } from 'tldraw'
import {
  dismissalMeta,
  newEntityId,
  readCollection,
  RecommendationSchema,
  ThreatSchema,
  writeEntity,
  type Suggestion,
} from '@threatboard/shared'
import { LOCAL_MODEL_ORIGIN } from '../model/modelUndo.ts'
import { createThreatCard } from '../shapes/threatCard/createThreatCard.ts'

/**
 * Turns a suggestion into the team's own work: a threat with its card beside the element
 * (attributed to the rule, so the report shows where it came from) and a recommendation with
 * the rule's advice and priority answering it. Returns the new threat's id.
 */
export function acceptSuggestion(
  editor: Editor,
  doc: Y.Doc,
  suggestion: Suggestion,
  userName: string,
): string {
  // Someone may have deleted the element since the list was drawn: no threat on nothing.
  if (!editor.getShape(suggestion.elementId as TLShapeId)) {
    throw new Error('that element is no longer on the board')
  }
  const author = `Rule ${suggestion.ruleId} (accepted by ${userName})`.slice(0, 100)
  const threatId = createThreatCard(editor, doc, {
    category: suggestion.category,
    targetShapeId: suggestion.elementId as TLShapeId,
    title: suggestion.title,
    userName: author,
  })
  // The card helper writes a bare threat; the rule's description and priority complete it.
  const threat = readCollection(doc, 'threats').find((t) => t.id === threatId)
  if (threat) {
    writeEntity(
      doc,
      'threats',
      ThreatSchema.parse({
        ...threat,
        description: `${suggestion.description}\n\nSuggested because: ${suggestion.rationale}`,
        severity: suggestion.recommendation.priority,
      }),
      LOCAL_MODEL_ORIGIN,
    )
  }
  writeEntity(
    doc,
    'recommendations',
    RecommendationSchema.parse({
      id: newEntityId('r'),
      text: suggestion.recommendation.text,
      priority: suggestion.recommendation.priority,
      threatIds: [threatId],
      status: 'proposed',
      owner: userName,
    }),
    LOCAL_MODEL_ORIGIN,
  )
  return threatId
}

/** Records on the element that the team considered this suggestion and set it aside. */
export function dismissSuggestion(editor: Editor, suggestion: Suggestion) {
  const shape = editor.getShape(suggestion.elementId as TLShapeId)
  if (!shape) return
  editor.updateShape({
    id: shape.id,
    type: shape.type,
    meta: { ...shape.meta, ...dismissalMeta(suggestion.ruleId) },
  })
}
