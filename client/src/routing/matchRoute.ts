import { isRoomId } from '@threatboard/shared'

export type Route =
  | { page: 'lobby' }
  | { page: 'board'; roomId: string }
  | { page: 'version'; roomId: string; versionId: string }
  | { page: 'training'; trainingId: string }
  | { page: 'notFound' }

/** The shareable room URL. */
export function roomPath(roomId: string): string {
  return `/r/${roomId}`
}

/** A saved version of the room, shown read-only. */
export function versionPath(roomId: string, versionId: string): string {
  return `/r/${roomId}/v/${versionId}`
}

/** A training's comparison page (its id is the facilitator room's). */
export function trainingPath(trainingId: string): string {
  return `/training/${trainingId}`
}

export function matchRoute(pathname: string): Route {
  if (pathname === '/') return { page: 'lobby' }
  const board = /^\/r\/([^/]+)\/?$/.exec(pathname)
  if (board?.[1] && isRoomId(board[1])) return { page: 'board', roomId: board[1] }
  const version = /^\/r\/([^/]+)\/v\/([A-Za-z0-9_-]{1,64})\/?$/.exec(pathname)
  if (version?.[1] && version[2] && isRoomId(version[1])) {
    return { page: 'version', roomId: version[1], versionId: version[2] }
  }
  const training = /^\/training\/([^/]+)\/?$/.exec(pathname)
  if (training?.[1] && isRoomId(training[1])) return { page: 'training', trainingId: training[1] }
  return { page: 'notFound' }
}
