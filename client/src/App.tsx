import { lazy, Suspense } from 'react'
import { LicenseBanner } from './LicenseBanner.tsx'
import { Lobby } from './lobby/Lobby.tsx'
import { NotFound } from './NotFound.tsx'
import { matchRoute } from './routing/matchRoute.ts'
import { usePathname } from './routing/navigate.ts'

// The board pulls in tldraw (~2 MB); the lobby must not wait for it.
const BoardPage = lazy(() => import('./board/BoardPage.tsx'))
const VersionPage = lazy(() => import('./board/VersionPage.tsx'))

export function App() {
  const route = matchRoute(usePathname())
  return (
    <div className="tb-app">
      <LicenseBanner />
      {route.page === 'lobby' && <Lobby />}
      {route.page === 'board' && (
        <Suspense fallback={<p className="tb-centered tb-muted">Loading the board…</p>}>
          <BoardPage key={route.roomId} roomId={route.roomId} />
        </Suspense>
      )}
      {route.page === 'version' && (
        <Suspense fallback={<p className="tb-centered tb-muted">Loading the version…</p>}>
          <VersionPage
            key={`${route.roomId}/${route.versionId}`}
            roomId={route.roomId}
            versionId={route.versionId}
          />
        </Suspense>
      )}
      {route.page === 'notFound' && <NotFound message="There is no page at this address." />}
    </div>
  )
}
