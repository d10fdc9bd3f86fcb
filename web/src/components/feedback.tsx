import { type ReactNode } from 'react';

/** An error message, announced to screen readers. */
export function ErrorNote(props: { error: unknown }) {
  if (props.error === undefined || props.error === null) return null;
  const message =
    props.error instanceof Error
      ? props.error.message
      : typeof props.error === 'string'
        ? props.error
        : 'something went wrong';
  return (
    <p className="note error" role="alert">
      {message}
    </p>
  );
}

/** What a page shows when there is nothing to list. */
export function Empty(props: { children: ReactNode }) {
  return <p className="note empty">{props.children}</p>;
}

/** A loading placeholder that screen readers announce politely. */
export function Loading() {
  return (
    <p className="note" aria-live="polite">
      Loading…
    </p>
  );
}
