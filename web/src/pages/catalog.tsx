import { useEffect, useState } from 'react';
import { imageListSchema, type CatalogImage } from '../../../core/catalog';
import { api, query } from '../api/client';
import { Empty, ErrorNote, Loading } from '../components/feedback';
import { Link } from '../components/link';
import { TableWrap } from '../components/table-wrap';

/** The software catalog: what jobs may run, searchable by words, filtered by OS and tag. */
export function CatalogPage() {
  const [search, setSearch] = useState('');
  const [os, setOs] = useState('');
  const [tag, setTag] = useState('');
  const [images, setImages] = useState<CatalogImage[]>();
  // The choices of the OS and tag filters, from the whole catalog.
  const [choices, setChoices] = useState<{ oses: string[]; tags: string[] }>({
    oses: [],
    tags: [],
  });
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    api(imageListSchema, '/images').then((list) => {
      const sorted = (values: string[]) => [...new Set(values)].filter(Boolean).sort();
      setChoices({
        oses: sorted(list.images.map((i) => i.os)),
        tags: sorted(list.images.flatMap((i) => i.tags)),
      });
    }, setError);
  }, []);

  useEffect(() => {
    // Wait for a pause in typing before asking the server.
    const timer = setTimeout(() => {
      const filters = {
        search: search.trim() || undefined,
        os: os || undefined,
        tag: tag || undefined,
      };
      api(imageListSchema, `/images${query(filters)}`).then((list) => {
        setImages(list.images);
        setError(undefined);
      }, setError);
    }, 250);
    return () => clearTimeout(timer);
  }, [search, os, tag]);

  return (
    <section aria-labelledby="catalog-title">
      <h1 id="catalog-title">Software catalog</h1>
      <div className="toolbar">
        <label>
          Search
          <input
            type="search"
            value={search}
            placeholder="name, OS, tag…"
            onChange={(event) => setSearch(event.target.value)}
          />
        </label>
        <label>
          OS
          <select value={os} onChange={(event) => setOs(event.target.value)}>
            <option value="">Any</option>
            {choices.oses.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          Tag
          <select value={tag} onChange={(event) => setTag(event.target.value)}>
            <option value="">Any</option>
            {choices.tags.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={error} />
      {images === undefined && !error && <Loading />}
      {images?.length === 0 && <Empty>No image matches these filters.</Empty>}
      {images && images.length > 0 && (
        <TableWrap label="Images">
          <table>
            <thead>
              <tr>
                <th scope="col">Image</th>
                <th scope="col">OS</th>
                <th scope="col">Description</th>
                <th scope="col">Tags</th>
                <th scope="col">Pinned to</th>
                <th scope="col">
                  <span className="visually-hidden">Use</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {images.map((image) => (
                <tr key={image.id}>
                  <th scope="row">
                    {image.image}
                    {image.isDefault ? ' (default)' : ''}
                  </th>
                  <td>{image.os}</td>
                  <td>{image.description}</td>
                  <td>{image.tags.join(', ')}</td>
                  <td className="mono">
                    {image.digest ? `${image.digest.slice(0, 19)}…` : 'local'}
                  </td>
                  <td>
                    <Link to={`/submit${query({ image: image.image })}`}>Submit with it</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
