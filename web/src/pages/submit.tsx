import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { jobSchema, submitJobRequestSchema, type JobView } from '../../../core/job';
import { queueListSchema, type QueueView } from '../../../core/queues';
import { uiSettingsSchema, type UiSettings } from '../../../core/ui-settings';
import { type UserView } from '../../../core/user';
import { volumeListSchema, type Volume } from '../../../core/volumes';
import { api, ApiError } from '../api/client';
import { ErrorNote, Loading } from '../components/feedback';
import { navigate } from '../router';

type Errors = Record<string, string>;

const lifetimeUnits = { minutes: 60, hours: 3600, days: 86_400 } as const;
type LifetimeUnit = keyof typeof lifetimeUnits;

/** The form's text fields, as typed. */
interface Draft {
  name: string;
  image: string;
  command: string;
  cpus: string;
  memoryMiB: string;
  lifetime: string;
  lifetimeUnit: LifetimeUnit;
  queue: string;
  project: string;
  volumes: string[];
  interactive: boolean;
  root: boolean;
}

function draftFrom(job: JobView | undefined, catalog: UiSettings['catalog']): Draft {
  return {
    name: job?.name ?? '',
    image: job?.image ?? catalog[0]?.name ?? '',
    command: job?.command ?? '',
    cpus: String(job?.cpus ?? 1),
    memoryMiB: String(job?.memoryMiB ?? 512),
    lifetime: job ? String(job.maxLifetimeSeconds / 3600) : '',
    lifetimeUnit: 'hours',
    queue: job?.queue ?? 'default',
    project: job?.project ?? 'default',
    volumes: job?.mounts.map((m) => m.volume).filter((v) => v !== 'home') ?? [],
    interactive: job?.interactive ?? false,
    root: job?.root ?? false,
  };
}

/** The request body of a draft; empty optional fields are left to the site's defaults. */
function requestFrom(draft: Draft): Record<string, unknown> {
  const number = (text: string) => (text.trim() === '' ? undefined : Number(text));
  const lifetime = number(draft.lifetime);
  return {
    ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
    image: draft.image,
    // An interactive job may leave the script out: it then only waits for shells.
    ...(draft.interactive && draft.command.trim() === '' ? {} : { command: draft.command }),
    ...(draft.interactive ? { interactive: true } : {}),
    ...(draft.root ? { root: true } : {}),
    cpus: number(draft.cpus),
    memoryMiB: number(draft.memoryMiB),
    maxLifetimeSeconds:
      lifetime === undefined ? undefined : Math.round(lifetime * lifetimeUnits[draft.lifetimeUnit]),
    queue: draft.queue || undefined,
    project: draft.project || undefined,
    volumes: draft.volumes.length ? draft.volumes.map((name) => ({ name })) : undefined,
  };
}

/** Field messages from the shared schema, before anything is sent. */
function checkDraft(body: Record<string, unknown>): Errors {
  const result = submitJobRequestSchema.safeParse(body);
  const errors: Errors = {};
  if (!result.success)
    for (const issue of result.error.issues) errors[String(issue.path[0])] ??= issue.message;
  return errors;
}

function Field(props: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className={props.error ? 'field invalid' : 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.hint && !props.error && (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p className="field-error" id={`${props.id}-error`} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, errors: Errors, field: string) {
  return {
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': errors[field] ? `${id}-error` : `${id}-hint`,
  };
}

/** Submit a job; `?from=ID` fills the form from an earlier job ("submit again"). */
export function SubmitPage(props: { user: UserView; search: URLSearchParams }) {
  const from = props.search.get('from');
  const [settings, setSettings] = useState<UiSettings>();
  const [queues, setQueues] = useState<QueueView[]>([]);
  const [volumes, setVolumes] = useState<Volume[]>([]);
  const [draft, setDraft] = useState<Draft>();
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const load = async () => {
      const [site, queueList, volumeList, earlier] = await Promise.all([
        api(uiSettingsSchema, '/ui/settings'),
        api(queueListSchema, '/queues'),
        api(volumeListSchema, '/volumes'),
        from ? api(jobSchema, `/jobs/${encodeURIComponent(from)}`) : undefined,
      ]);
      setSettings(site);
      setQueues(queueList.queues);
      setVolumes(volumeList.volumes);
      const draft = draftFrom(earlier, site.catalog);
      // "Submit with it" from the catalog page names the image.
      const image = props.search.get('image');
      setDraft(image && !earlier ? { ...draft, image } : draft);
    };
    load().catch(setError);
  }, [from]);

  if (!draft || !settings) return error ? <ErrorNote error={error} /> : <Loading />;
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) => {
      setDraft({ ...draft, [key]: value });
      // An edited field's message is stale: the next submit checks it again.
      const field = key === 'lifetime' || key === 'lifetimeUnit' ? 'maxLifetimeSeconds' : key;
      if (errors[field]) setErrors({ ...errors, [field]: '' });
    };
  const projects = ['default', ...props.user.projects.filter((p) => p !== 'default')];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = requestFrom(draft);
    const found = checkDraft(body);
    setErrors(found);
    setError(undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const job = await api(jobSchema, '/jobs', { method: 'POST', body });
      navigate(`/jobs/${job.id}`);
    } catch (caught) {
      const fields = caught instanceof ApiError ? caught.fieldErrors() : {};
      setErrors(fields);
      if (Object.keys(fields).length === 0) setError(caught);
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="submit-title">
      <h1 id="submit-title">{from ? `Submit again (from job ${from})` : 'Submit a job'}</h1>
      <form className="submit" onSubmit={(event) => void submit(event)} noValidate>
        <Field
          id="image"
          label="Image"
          error={errors.image}
          hint="From the site's software catalog"
        >
          {settings.allowUserImages ? (
            <>
              <input
                id="image"
                list="catalog"
                value={draft.image}
                onChange={(e) => set('image')(e.target.value)}
                {...describedBy('image', errors, 'image')}
              />
              <datalist id="catalog">
                {settings.catalog.map((image) => (
                  <option key={image.name} value={image.name}>
                    {image.description}
                  </option>
                ))}
              </datalist>
            </>
          ) : (
            <select
              id="image"
              value={draft.image}
              onChange={(e) => set('image')(e.target.value)}
              {...describedBy('image', errors, 'image')}
            >
              {settings.catalog.map((image) => (
                <option key={image.name} value={image.name}>
                  {image.name}
                  {image.description ? ` — ${image.description}` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="command"
          label="Script"
          error={errors.command}
          hint="Run with /bin/sh in the container, as you"
        >
          <textarea
            id="command"
            className="code"
            rows={8}
            spellCheck={false}
            value={draft.command}
            onChange={(e) => set('command')(e.target.value)}
            {...describedBy('command', errors, 'command')}
          />
        </Field>
        <Field
          id="name"
          label="Name (optional)"
          error={errors.name}
          hint="Defaults to the first word of the script"
        >
          <input
            id="name"
            value={draft.name}
            onChange={(e) => set('name')(e.target.value)}
            {...describedBy('name', errors, 'name')}
          />
        </Field>
        <div className="row">
          <Field id="cpus" label="CPUs" error={errors.cpus} hint="Fractions allowed">
            <input
              id="cpus"
              type="number"
              inputMode="decimal"
              step="0.1"
              min="0.1"
              value={draft.cpus}
              onChange={(e) => set('cpus')(e.target.value)}
              {...describedBy('cpus', errors, 'cpus')}
            />
          </Field>
          <Field id="memoryMiB" label="Memory (MiB)" error={errors.memoryMiB} hint="Hard limit">
            <input
              id="memoryMiB"
              type="number"
              inputMode="numeric"
              min="4"
              value={draft.memoryMiB}
              onChange={(e) => set('memoryMiB')(e.target.value)}
              {...describedBy('memoryMiB', errors, 'memoryMiB')}
            />
          </Field>
          <Field
            id="lifetime"
            label="Max lifetime"
            error={errors.maxLifetimeSeconds}
            hint="Empty: the site's default"
          >
            <div className="inline">
              <input
                id="lifetime"
                type="number"
                inputMode="decimal"
                min="0"
                value={draft.lifetime}
                onChange={(e) => set('lifetime')(e.target.value)}
                {...describedBy('lifetime', errors, 'maxLifetimeSeconds')}
              />
              <select
                aria-label="Lifetime unit"
                value={draft.lifetimeUnit}
                onChange={(e) => set('lifetimeUnit')(e.target.value as LifetimeUnit)}
              >
                {Object.keys(lifetimeUnits).map((unit) => (
                  <option key={unit}>{unit}</option>
                ))}
              </select>
            </div>
          </Field>
        </div>
        <div className="row">
          <Field id="queue" label="Queue" error={errors.queue}>
            <select
              id="queue"
              value={draft.queue}
              onChange={(e) => set('queue')(e.target.value)}
              {...describedBy('queue', errors, 'queue')}
            >
              {[...new Set(['default', ...queues.map((q) => q.name)])].map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </Field>
          <Field id="project" label="Project" error={errors.project}>
            <select
              id="project"
              value={draft.project}
              onChange={(e) => set('project')(e.target.value)}
              {...describedBy('project', errors, 'project')}
            >
              {projects.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </Field>
        </div>
        {volumes.length > 0 && (
          <fieldset className={errors.volumes ? 'field invalid' : 'field'}>
            <legend>Volumes (your home is always mounted)</legend>
            {volumes.map((volume) => (
              <label key={volume.name} className="check">
                <input
                  type="checkbox"
                  checked={draft.volumes.includes(volume.name)}
                  onChange={(e) =>
                    set('volumes')(
                      e.target.checked
                        ? [...draft.volumes, volume.name]
                        : draft.volumes.filter((v) => v !== volume.name),
                    )
                  }
                />
                {volume.name}{' '}
                <span className="sub">
                  {volume.containerPath}
                  {volume.readOnly ? ' (read-only)' : ''}
                </span>
              </label>
            ))}
            {errors.volumes && (
              <p className="field-error" role="alert">
                {errors.volumes}
              </p>
            )}
          </fieldset>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={draft.interactive}
            onChange={(e) => set('interactive')(e.target.checked)}
          />
          Interactive session{' '}
          <span className="sub">
            keeps the container up for shells from this page or `godocker job shell`; the commands
            above run first, if any
          </span>
        </label>
        {props.user.rootAllowed && (
          <label className="check">
            <input
              type="checkbox"
              checked={draft.root}
              onChange={(e) => set('root')(e.target.checked)}
            />
            Run as root{' '}
            <span className="sub">(an admin granted it; every mount becomes read-only)</span>
          </label>
        )}
        {errors.root && (
          <p className="field-error" role="alert">
            {errors.root}
          </p>
        )}
        <ErrorNote error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Submitting…' : 'Submit'}
          </button>
        </div>
      </form>
    </section>
  );
}
