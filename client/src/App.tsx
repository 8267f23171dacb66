import { lazy, Suspense, type ComponentType } from 'react'
import { LicenseBanner } from './LicenseBanner.tsx'
import { Lobby } from './lobby/Lobby.tsx'
import { NotFound } from './NotFound.tsx'
import { matchRoute } from './routing/matchRoute.ts'
import { usePathname } from './routing/navigate.ts'

const TrainingPage = lazy(() => import('./training/TrainingPage.tsx'))

/**
 * Loads a tldraw page: the lobby must not wait for tldraw (~1.7 MB, ~0.4 MB as Brotli), so the
 * board and the version page come in their own chunks, fetched when their route is opened.
 * tldraw's fonts are switched to on-demand first, before any editor mounts.
 */
function lazyTldrawPage<P>(load: () => Promise<{ default: ComponentType<P> }>) {
  return lazy(async () => {
    const [fonts, page] = await Promise.all([import('./fonts/loadFontsOnDemand.ts'), load()])
    fonts.loadFontsOnDemand()
    return page
  })
}

const BoardPage = lazyTldrawPage(() => import('./board/BoardPage.tsx'))
const VersionPage = lazyTldrawPage(() => import('./board/VersionPage.tsx'))

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
      {route.page === 'training' && (
        <Suspense fallback={<p className="tb-centered tb-muted">Loading the training…</p>}>
          <TrainingPage key={route.trainingId} trainingId={route.trainingId} />
        </Suspense>
      )}
      {route.page === 'notFound' && <NotFound message="There is no page at this address." />}
    </div>
  )
}
