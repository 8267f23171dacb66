import type { TrainingComparison } from '@threatboard/shared'
import { request, type CreatedRoom } from './roomsApi.ts'

/** `POST /api/trainings`: the facilitator's room and one room per group (tokens shown once). */
export interface CreatedTraining {
  id: string
  template: string
  facilitator: CreatedRoom
  groups: (CreatedRoom & { name: string })[]
}

/** The comparison as the server answers it, with the caller's standing in the training. */
export type TrainingView = TrainingComparison & {
  role: 'owner' | 'editor' | 'observer' | 'viewer' | 'group'
}

const trainingUrl = (id: string) => `/api/trainings/${encodeURIComponent(id)}`

export function createTraining(
  body: { title: string; template: string; groups: number },
  adminToken?: string,
): Promise<CreatedTraining> {
  return request<CreatedTraining>('/api/trainings', { method: 'POST', body, token: adminToken })
}

/** Without a token the server still says whether the training exists (404) or not yours (401). */
export function getTraining(
  id: string,
  token: string | undefined,
  signal?: AbortSignal,
): Promise<TrainingView> {
  return request<TrainingView>(trainingUrl(id), { token, signal })
}

/** The facilitator shows the expert threats to everyone. */
export function revealTraining(id: string, ownerToken: string): Promise<TrainingView> {
  return request<TrainingView>(`${trainingUrl(id)}/reveal`, { method: 'POST', token: ownerToken })
}
