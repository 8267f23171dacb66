import type { Hint, Threat } from '@threatboard/shared'

/** A hint's target in words: the board, a named element, or a threat's title. */
export function describeTarget(
  target: Hint['target'],
  threats: Pick<Threat, 'id' | 'title'>[],
  elementName: (id: string) => string | undefined,
): string {
  switch (target.kind) {
    case 'board':
      return 'the board'
    case 'element':
      return elementName(target.id) ?? 'an element no longer on the board'
    case 'threat': {
      const threat = threats.find((t) => t.id === target.id)
      return threat ? `threat “${threat.title}”` : 'a deleted threat'
    }
  }
}
