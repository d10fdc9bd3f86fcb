import { type ReactNode } from 'react';
import { linkClick } from '../router';

/** A link to a page of the UI (a real <a href>, so it can be opened in a new tab). */
export function Link(props: { to: string; children: ReactNode; className?: string }) {
  return (
    <a href={props.to} onClick={linkClick(props.to)} className={props.className}>
      {props.children}
    </a>
  );
}
