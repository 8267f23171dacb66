import type { ConnectionState, ConnectionStatus } from './RoomConnection.ts'

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  offline: 'Offline – reconnecting',
  fatal: 'Disconnected',
}

const DESCRIPTIONS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting to the server.',
  live: 'Connected: your changes are shared as you make them.',
  offline:
    'Not connected. Keep working: your changes are kept on this device and sent when the connection is back.',
  fatal: 'The server ended the connection.',
}

export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  const title = state.message ?? DESCRIPTIONS[state.status]
  return (
    <span
      className={`tb-status tb-status--${state.status}`}
      data-testid="connection-status"
      data-status={state.status}
      role="status"
      title={title}
    >
      <span className="tb-status__dot" aria-hidden="true" />
      {/* On a phone the green dot says "live" alone; any other state keeps its words. */}
      <span className={state.status === 'live' ? 'tb-narrow-hide' : undefined}>
        {LABELS[state.status]}
      </span>
    </span>
  )
}
