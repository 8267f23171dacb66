import { useContext, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { useEditor, useSvgExportContext, type Editor } from 'tldraw'
import type { readCollection, Collection } from '@threatboard/shared'
import { RoomModelContext } from '../../model/RoomModelContext.tsx'
import { collectionSource } from '../../model/useModel.ts'

/** What a shape needs of the room to draw itself: the model's doc and whether edits are offered. */
export interface ShapeModel {
  doc: Y.Doc
  canEdit: boolean
}

/**
 * The room of each mounted editor. tldraw draws shapes outside our React tree too (SVG/PNG
 * export, copy as image): there the room's context is absent but the editor is known, so shapes
 * find their room through it instead.
 */
const models = new WeakMap<Editor, ShapeModel>()

/** Registers the room an editor shows; returns the function that forgets it. */
export function registerShapeModel(editor: Editor, model: ShapeModel): () => void {
  models.set(editor, model)
  return () => {
    if (models.get(editor) === model) models.delete(editor)
  }
}

/** The room of an editor, for ShapeUtil methods (toSvg) that run outside React. */
export function shapeModelOf(editor: Editor): ShapeModel | undefined {
  return models.get(editor)
}

/**
 * The room of the shape being drawn: the room's context when there is one, else the editor's
 * registered room; nothing is editable inside an export. Null only when neither exists.
 */
export function useShapeModel(): ShapeModel | null {
  const room = useContext(RoomModelContext)
  const editor = useEditor()
  const exporting = useSvgExportContext() !== null
  const model = room ? { doc: room.doc, canEdit: room.canEdit } : (models.get(editor) ?? null)
  return model && exporting ? { ...model, canEdit: false } : model
}

const EMPTY: never[] = []
const noSource = { subscribe: () => () => {}, get: () => EMPTY }

/** Every valid entity of a collection of `doc`, live; empty without a doc. */
export function useDocCollection<C extends Collection>(
  doc: Y.Doc | null | undefined,
  name: C,
): ReturnType<typeof readCollection<C>> {
  const s = doc ? collectionSource(doc, name) : noSource
  return useSyncExternalStore(s.subscribe, s.get) as ReturnType<typeof readCollection<C>>
}

const noEntitySource = { subscribe: () => () => {}, entity: () => undefined }

/**
 * One valid entity of a collection of `doc` by id, live; undefined when there is none. The
 * component re-renders when that entity changes, not when another one does (a board of 600
 * cards re-rendered every card for each edit of any threat).
 */
export function useDocEntity<C extends Collection>(
  doc: Y.Doc | null | undefined,
  name: C,
  id: string,
): ReturnType<typeof readCollection<C>>[number] | undefined {
  const s = doc ? collectionSource(doc, name) : noEntitySource
  return useSyncExternalStore(s.subscribe, () => s.entity(id))
}
