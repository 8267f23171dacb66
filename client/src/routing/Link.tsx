import type { AnchorHTMLAttributes, MouseEvent } from 'react'
import { leaveTo } from './navigate.ts'

interface LinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  href: string
}

/**
 * An ordinary link that navigates in place, once the page lets it leave (`guardLeaving`);
 * modified clicks (new tab, etc.) stay native.
 */
export function Link({ href, onClick, ...rest }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || event.button !== 0) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    leaveTo(href)
  }
  return <a href={href} onClick={handleClick} {...rest} />
}
