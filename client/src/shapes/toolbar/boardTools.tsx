import type { ReactElement } from 'react'
import type { TLUiIconJsx, TLUiOverrides } from 'tldraw'
import { COVERAGE_OVERLAY_KBD, toggleCoverageOverlay } from '../../guidance/coverageOverlayState.ts'

/** A 24×24 stroke icon, drawn like tldraw's own. */
const icon = (body: ReactElement): TLUiIconJsx => (
  <div>
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      aria-hidden="true"
    >
      {body}
    </svg>
  </div>
)

/**
 * The board's DFD tools: id, label, icon and shortcut. The shortcuts avoid every tldraw default
 * (v h d b x e r o a l f t n k q g z and their shift/alt variants).
 */
export const DFD_TOOLS = [
  {
    id: 'dfd-external-entity',
    label: 'External entity',
    kbd: 'u',
    icon: icon(
      <>
        <rect x="3" y="4" width="18" height="16" />
        <circle cx="12" cy="10" r="2.6" />
        <path d="M7.5 17c.8-2.3 2.5-3.4 4.5-3.4s3.7 1.1 4.5 3.4" />
      </>,
    ),
  },
  {
    id: 'dfd-process',
    label: 'Process',
    kbd: 'p',
    icon: icon(
      <>
        <circle cx="12" cy="12" r="9" />
        <path d="M8 12h8M13 9l3 3-3 3" />
      </>,
    ),
  },
  {
    id: 'dfd-data-store',
    label: 'Data store',
    kbd: 's',
    icon: icon(<path d="M3 6.5h18M3 17.5h18M6.5 6.5v11" />),
  },
  {
    id: 'trust-boundary',
    label: 'Trust boundary',
    kbd: 'shift+b',
    icon: icon(<rect x="3" y="4" width="18" height="16" rx="2" strokeDasharray="3 2.5" />),
  },
] as const

/**
 * Puts the DFD tools into tldraw's tool list (the toolbar and the shortcuts; BoardShortcutsDialog
 * lists them), and
 * the coverage overlay's switch among its actions (its shortcut works for read-only roles too),
 * without tldraw's "Insert embed…".
 */
export const boardOverrides: TLUiOverrides = {
  actions(editor, actions) {
    actions['toggle-coverage-overlay'] = {
      id: 'toggle-coverage-overlay',
      label: 'Coverage overlay',
      kbd: COVERAGE_OVERLAY_KBD,
      readonlyOk: true,
      onSelect() {
        toggleCoverageOverlay()
      },
    }
    // Nothing can be embedded (shapes/index.ts): no "Insert embed…" in the menu, no Ctrl+I.
    delete actions['insert-embed']
    return actions
  },
  tools(editor, tools) {
    for (const tool of DFD_TOOLS) {
      tools[tool.id] = {
        id: tool.id,
        label: tool.label,
        icon: tool.icon,
        kbd: tool.kbd,
        onSelect() {
          editor.setCurrentTool(tool.id)
        },
      }
    }
    return tools
  },
}
