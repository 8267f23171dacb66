import { STRIDE, STRIDE_INFO, type StrideCategory } from '@threatboard/shared'

/**
 * Six buttons, S T R I D E in their colours: one click drops a card of that category on the
 * selection. Categories that usually apply to it are full-strength, the others muted but
 * available (prompts, never rules). Tab and Enter/Space work like any button.
 */
export function StridePalette({
  usual,
  onCard,
}: {
  usual: readonly StrideCategory[]
  onCard: (category: StrideCategory) => void
}) {
  return (
    <div className="tb-palette" role="group" aria-label="Add a STRIDE threat card">
      {STRIDE.map((c) => {
        const info = STRIDE_INFO[c]
        return (
          <button
            key={c}
            type="button"
            className={`tb-palette__key${usual.includes(c) ? '' : ' tb-palette__key--rare'}`}
            style={{ background: info.color }}
            title={`${info.label} (${info.violates}): add a card`}
            aria-label={`Add ${/^[AEIOU]/.test(info.label) ? 'an' : 'a'} ${info.label} card`}
            data-testid={`palette-${c}`}
            onClick={() => onCard(c)}
          >
            {info.letter}
          </button>
        )
      })}
    </div>
  )
}
