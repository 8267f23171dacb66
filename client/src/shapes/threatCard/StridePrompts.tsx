import { STRIDE_INFO, STRIDE_PROMPTS, type StrideCategory } from '@threatboard/shared'

/**
 * STRIDE-per-element prompts for the selected element: each usual category with the questions
 * to ask about it, and one button that turns the prompt into a card.
 */
export function StridePrompts({
  categories,
  onCard,
}: {
  categories: readonly StrideCategory[]
  onCard: (category: StrideCategory) => void
}) {
  return (
    <ul className="tb-prompts" data-testid="canvas-prompts">
      {categories.map((c) => {
        const info = STRIDE_INFO[c]
        return (
          <li key={c} className="tb-prompts__item" style={{ borderColor: info.color }}>
            <div className="tb-prompts__head">
              <span className="tb-prompts__letter" style={{ background: info.color }}>
                {info.letter}
              </span>
              <strong>{info.label}</strong>
              <button
                type="button"
                className="tb-prompts__add"
                data-testid={`prompt-add-${c}`}
                aria-label={`Add card: ${info.label}, from this prompt`}
                onClick={() => onCard(c)}
              >
                Add card
              </button>
            </div>
            <ul className="tb-prompts__questions">
              {STRIDE_PROMPTS[c].map((q) => (
                <li key={q}>{q}</li>
              ))}
            </ul>
          </li>
        )
      })}
    </ul>
  )
}
