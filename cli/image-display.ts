import type { CatalogImage } from '../core/catalog';
import { renderTable } from './table';

/** The catalog as a table: what to submit with, its OS and tags, the default marked. */
export function renderImageTable(images: readonly CatalogImage[]): string {
  return renderTable(images, [
    { heading: 'ID', value: (i) => String(i.id), alignRight: true },
    { heading: 'IMAGE', value: (i) => i.image + (i.isDefault ? ' (default)' : '') },
    { heading: 'OS', value: (i) => i.os || '-' },
    { heading: 'TAGS', value: (i) => i.tags.join(',') || '-', maxWidth: 30 },
    { heading: 'DESCRIPTION', value: (i) => i.description, maxWidth: 50 },
  ]);
}

/** One image, field by field. */
export function renderImageDetails(image: CatalogImage): string {
  const rows: [string, string][] = [
    ['image', image.image + (image.isDefault ? ' (default)' : '')],
    ['id', String(image.id)],
    ['description', image.description || '-'],
    ['os', image.os || '-'],
    ['tags', image.tags.join(', ') || '-'],
    ['reference', image.reference],
    ['registry', image.registry ?? '(built on the node)'],
    ['digest', image.digest ?? '-'],
    ['updated', image.updatedAt],
  ];
  return rows.map(([k, v]) => `${`${k}:`.padEnd(13)}${v}`).join('\n');
}
