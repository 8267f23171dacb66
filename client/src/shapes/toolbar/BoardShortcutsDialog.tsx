import {
  DefaultKeyboardShortcutsDialog,
  DefaultKeyboardShortcutsDialogContent,
  TldrawUiMenuActionItem,
  TldrawUiMenuGroup,
  TldrawUiMenuItem,
  TldrawUiMenuToolItem,
  type TLUiKeyboardShortcutsDialogProps,
} from 'tldraw'
import { PANEL_SECTIONS } from '../../panels/PanelNav.tsx'
import { DFD_TOOLS } from './boardTools.tsx'

/** The dialog lists shortcuts; choosing one there does nothing. */
const listedOnly = () => {}

/**
 * tldraw's keyboard shortcuts dialog (Ctrl+Alt+/, or "Keyboard shortcuts" in the main menu) with
 * the board's own first: the DFD tools, a threat for the selection, the coverage overlay and the
 * side panel's sections. tldraw's list names only its own tools.
 */
export function BoardShortcutsDialog(props: TLUiKeyboardShortcutsDialogProps) {
  return (
    <DefaultKeyboardShortcutsDialog {...props}>
      <TldrawUiMenuGroup label="Threat model" id="threatboard">
        {DFD_TOOLS.map((tool) => (
          <TldrawUiMenuToolItem key={tool.id} toolId={tool.id} />
        ))}
        <TldrawUiMenuItem
          id="tb-add-threat"
          label="Threat on the selected element"
          kbd="t"
          onSelect={listedOnly}
        />
        <TldrawUiMenuActionItem actionId="toggle-coverage-overlay" />
        <TldrawUiMenuItem
          id="tb-panel-sections"
          label="Side panel sections"
          kbd={`alt+[[1–${PANEL_SECTIONS.length}]]`}
          onSelect={listedOnly}
        />
      </TldrawUiMenuGroup>
      <DefaultKeyboardShortcutsDialogContent />
    </DefaultKeyboardShortcutsDialog>
  )
}
