import { useEffect, useState, type MouseEvent } from 'react';

// A small history router: the UI has a handful of pages, and their paths are plain (`/jobs/42`),
// so the server answers index.html for each and a reload lands on the same page.

const changeEvent = 'godocker:navigate';

/** Goes to a path of the UI without reloading. */
export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(changeEvent));
}

/** The current path and query, updated on navigation and on the browser's back and forward. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const read = () => ({
    path: window.location.pathname,
    search: new URLSearchParams(window.location.search),
  });
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () => setLocation(read());
    window.addEventListener('popstate', update);
    window.addEventListener(changeEvent, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(changeEvent, update);
    };
  }, []);
  return location;
}

/** An onClick for links: plain clicks navigate in place, modified clicks open as the browser does. */
export function linkClick(to: string) {
  return (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    event.preventDefault();
    navigate(to);
  };
}
