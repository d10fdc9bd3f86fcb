import { type ReactNode } from 'react';

/**
 * A table that scrolls sideways on narrow screens. It can take focus, so keyboard users scroll
 * it with the arrow keys, and is named for screen readers.
 */
export function TableWrap(props: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  );
}
