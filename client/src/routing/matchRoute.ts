import { isRoomId } from '@threatboard/shared'

export type Route = { page: 'lobby' } | { page: 'board'; roomId: string } | { page: 'notFound' }

/** The shareable room URL. */
export function roomPath(roomId: string): string {
  return `/r/${roomId}`
}

export function matchRoute(pathname: string): Route {
  if (pathname === '/') return { page: 'lobby' }
  const board = /^\/r\/([^/]+)\/?$/.exec(pathname)
  if (board?.[1] && isRoomId(board[1])) return { page: 'board', roomId: board[1] }
  return { page: 'notFound' }
}
