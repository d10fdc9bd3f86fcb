/** Where a site lets images come from (DESIGN.md: admins decide, users do not). */
export interface ImagePolicy {
  /** Image names (with tag) of the software catalog; always allowed. */
  catalog: string[];
  /** Allow images outside the catalog at all. */
  allowUserImages: boolean;
  /** When user images are allowed: the registries they may come from (empty: any). */
  allowedRegistries: string[];
}

// Docker's reference grammar, simplified: [registry[:port]/]path[:tag][@sha256:digest].
const referencePattern =
  /^(?:[a-z0-9]+(?:[.-][a-z0-9]+)*(?::\d{1,5})?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** True when the string is a well-formed image reference. */
export function isImageReference(image: string): boolean {
  return image.length <= 255 && referencePattern.test(image);
}

/** The reference with `:latest` made explicit when it names neither tag nor digest. */
export function withDefaultTag(image: string): string {
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  return lastPart.includes(':') || lastPart.includes('@') ? image : `${image}:latest`;
}

/** The registry an image comes from, as Docker decides it (`docker.io` when none is named). */
export function imageRegistry(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : 'docker.io';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Catalog names close to a mistyped one, best first (shared substring or a few typos away). */
export function closeMatches(image: string, catalog: string[], max = 3): string[] {
  const bare = (name: string) => name.replace(/:[^/:]*$/, '').toLowerCase();
  const wanted = bare(image);
  return catalog
    .map((name) => {
      const candidate = bare(name);
      const shortName = candidate.slice(candidate.lastIndexOf('/') + 1);
      const related = candidate.includes(wanted) || wanted.includes(shortName);
      return { name, distance: related ? 0 : editDistance(wanted, candidate) };
    })
    .filter((c) => c.distance <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((c) => c.name);
}

/**
 * Why an image may not be used, or undefined when it may: catalog images always; others only
 * where the site allows user images, and then from an allowed registry.
 */
export function imageRefusal(image: string, policy: ImagePolicy): string | undefined {
  if (!isImageReference(image)) {
    return `'${image}' is not an image reference (name[:tag], e.g. godocker/busybox:latest)`;
  }
  const tagged = withDefaultTag(image);
  if (policy.catalog.includes(tagged)) return undefined;
  if (policy.allowUserImages) {
    const registry = imageRegistry(tagged);
    if (policy.allowedRegistries.length === 0 || policy.allowedRegistries.includes(registry)) {
      return undefined;
    }
    return `images from ${registry} are not allowed here; allowed registries: ${policy.allowedRegistries.join(', ')}`;
  }
  const close = closeMatches(image, policy.catalog);
  return (
    `unknown image '${image}': only catalog images may run here` +
    (close.length
      ? `; did you mean ${close.join(' or ')}?`
      : `; the catalog has: ${policy.catalog.join(', ')}`)
  );
}
