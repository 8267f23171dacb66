import { useEffect, useLayoutEffect, useRef } from 'react'
import { useCollection } from '../model/useModel.ts'
import { requestSidePanel } from '../board/sidePanelRequests.ts'

/** The side panel's sections, in order; Alt+1…8 jumps to them. */
export const PANEL_SECTIONS = [
  ['session', 'Session'],
  ['assets', 'Assets'],
  ['threats', 'Threats'],
  ['recommendations', 'Recommendations'],
  ['report', 'Report'],
  ['review', 'Review'],
  ['hints', 'Hints'],
  ['guidance', 'Guidance'],
] as const
export type PanelSection = (typeof PANEL_SECTIONS)[number][0]

/** The id of a section's heading (its jump target). */
export const sectionId = (section: PanelSection) => `tb-section-${section}`

/** Opens the side panel if it is not, scrolls it to a section and moves focus to its heading. */
export function jumpTo(section: PanelSection) {
  requestSidePanel('open')
  const heading = document.getElementById(sectionId(section))
  if (!heading) return
  heading.scrollIntoView({ block: 'start' })
  heading.focus({ preventScroll: true })
}

/**
 * A bar that stays at the top of the side panel and jumps to each section, with how many
 * threats, recommendations and open hints there are. Alt+1…8 does the same from anywhere.
 * It wraps to two or three rows at the panel's width, so it tells the panel its height
 * (`--tb-nav-height`): a section jumped to starts below it, not under it.
 */
export function PanelNav() {
  const threats = useCollection('threats')
  const recommendations = useCollection('recommendations')
  const hints = useCollection('hints')
  const counts: Partial<Record<PanelSection, number>> = {
    threats: threats.length,
    recommendations: recommendations.length,
    hints: hints.filter((h) => h.state !== 'resolved').length,
  }
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return
      const n = /^Digit([1-8])$/.exec(e.code)?.[1]
      if (!n) return
      // In a text field, a key that types a character (Option+1 is "¡" on a Mac) stays typing.
      if (e.key !== n && isTextField(e.target)) return
      e.preventDefault()
      jumpTo(PANEL_SECTIONS[Number(n) - 1]![0])
    }
    // Caught on the way down: the panel's fields keep their keys from the board by stopping
    // them on the way up, which took this shortcut from whoever was typing.
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])
  const ref = useRef<HTMLElement>(null)
  useLayoutEffect(() => {
    const nav = ref.current
    const panel = nav?.parentElement
    if (!nav || !panel) return
    const measure = () =>
      panel.style.setProperty(
        '--tb-nav-height',
        `${Math.ceil(nav.getBoundingClientRect().height)}px`,
      )
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(nav)
    return () => observer.disconnect()
  }, [])
  return (
    <nav
      ref={ref}
      className="tb-panel-nav"
      aria-label="Side panel sections"
      data-testid="panel-nav"
    >
      {PANEL_SECTIONS.map(([section, name], i) => (
        <button
          key={section}
          type="button"
          title={`${name} (Alt+${i + 1})`}
          aria-keyshortcuts={`Alt+${i + 1}`}
          data-testid={`jump-${section}`}
          onClick={() => jumpTo(section)}
        >
          {name}
          {counts[section] !== undefined && <span className="tb-count">{counts[section]}</span>}
        </button>
      ))}
    </nav>
  )
}

const isTextField = (target: EventTarget | null) =>
  target instanceof HTMLTextAreaElement ||
  (target instanceof HTMLInputElement && target.type !== 'checkbox' && target.type !== 'radio')
