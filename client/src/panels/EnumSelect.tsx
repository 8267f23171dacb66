import type { Ref } from 'react'

/** "in-progress" → "In progress": how the panels show an enum value. */
export const label = (s: string) => s.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())

/**
 * A select over one of the model's enums (severity, status, priority, kind…), each option shown
 * with `label` unless `optionText` says otherwise. `label` is its accessible name: say which
 * thing it changes ("Severity of “SQL injection”") where there are many of them.
 */
export function EnumSelect<T extends string>({
  ref,
  ...props
}: {
  label: string
  value: T
  options: readonly T[]
  onChange: (value: T) => void
  disabled?: boolean
  testId?: string
  optionText?: (value: T) => string
  /** React 19 passes `ref` as a prop: the select element, to focus it. */
  ref?: Ref<HTMLSelectElement>
}) {
  return (
    <select
      ref={ref}
      aria-label={props.label}
      data-testid={props.testId}
      disabled={props.disabled}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value as T)}
    >
      {props.options.map((o) => (
        <option key={o} value={o}>
          {props.optionText ? props.optionText(o) : label(o)}
        </option>
      ))}
    </select>
  )
}
