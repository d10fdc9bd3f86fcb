import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { accountKinds, type AccountKind } from '../../../core/accounts';
import {
  quotaListSchema,
  quotaSchema,
  setQuotaRequestSchema,
  type QuotaView,
} from '../../../core/quotas';
import { api, ApiError } from '../api/client';
import { Empty, ErrorNote, Loading } from '../components/feedback';
import { TableWrap } from '../components/table-wrap';

const limits = [
  ['maxCpus', 'Max CPUs'],
  ['maxMemoryMiB', 'Max memory (MiB)'],
  ['maxRunningJobs', 'Max running jobs'],
  ['maxPendingJobs', 'Max pending jobs'],
  ['cpuHoursPerWindow', 'CPU-hours per window'],
  ['memoryGbHoursPerWindow', 'Memory GB-hours per window'],
  ['windowHours', 'Window (hours)'],
] as const;

type LimitKey = (typeof limits)[number][0];
type Editing = { kind: AccountKind; name: string; values: Record<LimitKey, string> };

function editingFrom(quota: QuotaView | undefined): Editing {
  const values = Object.fromEntries(
    limits.map(([key]) => [
      key,
      quota?.[key] === null || quota === undefined ? '' : String(quota[key]),
    ]),
  ) as Record<LimitKey, string>;
  return { kind: quota?.kind ?? 'user', name: quota?.name ?? '', values };
}

function QuotaForm(props: { editing: Editing; onSaved: () => void; onCancel: () => void }) {
  const [editing, setEditing] = useState(props.editing);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    // Every limit is sent: an empty field clears the limit (unlimited).
    const body = Object.fromEntries(
      limits.map(([key]) => [
        key,
        editing.values[key].trim() === '' ? null : Number(editing.values[key]),
      ]),
    );
    const checked = setQuotaRequestSchema.safeParse(body);
    if (!checked.success) {
      setErrors(
        Object.fromEntries(checked.error.issues.map((i) => [String(i.path[0]), i.message])),
      );
      return;
    }
    try {
      await api(quotaSchema, `/quotas/${editing.kind}/${encodeURIComponent(editing.name)}`, {
        method: 'PUT',
        body,
      });
      props.onSaved();
    } catch (caught) {
      const fields = caught instanceof ApiError ? caught.fieldErrors() : {};
      setErrors(fields);
      if (Object.keys(fields).length === 0) setError(caught);
    }
  };
  return (
    <form
      className="panel quota-form"
      onSubmit={(e) => void save(e)}
      aria-labelledby="quota-form-title"
      noValidate
    >
      <h2 id="quota-form-title">
        {props.editing.name ? `Quota of ${props.editing.kind} ${props.editing.name}` : 'New quota'}
      </h2>
      <div className="row">
        <div className="field">
          <label htmlFor="quota-kind">Kind</label>
          <select
            id="quota-kind"
            value={editing.kind}
            disabled={!!props.editing.name}
            onChange={(e) => setEditing({ ...editing, kind: e.target.value as AccountKind })}
          >
            {accountKinds.map((kind) => (
              <option key={kind}>{kind}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="quota-name">Name</label>
          <input
            id="quota-name"
            required
            value={editing.name}
            readOnly={!!props.editing.name}
            onChange={(e) => setEditing({ ...editing, name: e.target.value })}
          />
        </div>
      </div>
      <p className="hint">Empty means unlimited.</p>
      <div className="grid">
        {limits.map(([key, label]) => (
          <div key={key} className={errors[key] ? 'field invalid' : 'field'}>
            <label htmlFor={`quota-${key}`}>{label}</label>
            <input
              id={`quota-${key}`}
              type="number"
              min="0"
              inputMode="decimal"
              value={editing.values[key]}
              aria-invalid={errors[key] ? true : undefined}
              onChange={(e) =>
                setEditing({ ...editing, values: { ...editing.values, [key]: e.target.value } })
              }
            />
            {errors[key] && (
              <p className="field-error" role="alert">
                {errors[key]}
              </p>
            )}
          </div>
        ))}
      </div>
      <ErrorNote error={error} />
      <div className="actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Save quota
        </button>
      </div>
    </form>
  );
}

const shown = (value: number | null) => (value === null ? '∞' : String(value));

/** Quotas of users, groups, projects and queues: view and edit (admins). */
export function QuotasPage() {
  const [quotas, setQuotas] = useState<QuotaView[]>();
  const [error, setError] = useState<unknown>();
  const [editing, setEditing] = useState<Editing>();
  const load = useCallback(async () => {
    try {
      setQuotas((await api(quotaListSchema, '/quotas')).quotas);
    } catch (caught) {
      setError(caught);
    }
  }, []);
  useEffect(() => void load(), [load]);
  return (
    <section aria-labelledby="quotas-title">
      <div className="page-head">
        <h1 id="quotas-title">Quotas</h1>
        <button
          type="button"
          className="primary"
          onClick={() => setEditing(editingFrom(undefined))}
        >
          New quota
        </button>
      </div>
      {editing && (
        <QuotaForm
          key={`${editing.kind}/${editing.name}`}
          editing={editing}
          onCancel={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            void load();
          }}
        />
      )}
      <ErrorNote error={error} />
      {quotas === undefined && !error && <Loading />}
      {quotas?.length === 0 && <Empty>No quotas: every account is unlimited.</Empty>}
      {quotas && quotas.length > 0 && (
        <TableWrap label="Quotas">
          <table>
            <thead>
              <tr>
                <th scope="col">Account</th>
                {limits.map(([key, label]) => (
                  <th key={key} scope="col">
                    {label}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {quotas.map((quota) => (
                <tr key={`${quota.kind}/${quota.name}`} data-quota={`${quota.kind}/${quota.name}`}>
                  <th scope="row">
                    {quota.kind} {quota.name}
                  </th>
                  {limits.map(([key]) => (
                    <td key={key}>{shown(quota[key])}</td>
                  ))}
                  <td>
                    <button
                      type="button"
                      className="small"
                      aria-label={`Edit quota of ${quota.kind} ${quota.name}`}
                      onClick={() => setEditing(editingFrom(quota))}
                    >
                      Edit
                    </button>
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
