import { useState, type FormEvent } from 'react';
import { type z } from 'zod';
import { ApiError } from '../api/client';
import { ErrorNote } from '../components/feedback';

/**
 * How one input maps to a request field. `int`: empty leaves the server's default (or the current
 * value); `nullable-int` and `nullable-name`: empty sends null (no limit, no manager); `list`:
 * names separated by commas or spaces. `scale` shows a number in bigger units (3600: seconds as
 * hours).
 */
export interface FieldSpec {
  key: string;
  label: string;
  kind: 'name' | 'text' | 'int' | 'nullable-int' | 'nullable-name' | 'list';
  hint?: string;
  scale?: number;
  /** Shown on creation only: names never change (jobs and quotas refer to them). */
  createOnly?: boolean;
}

export type FormValues = Record<string, string>;

function toBody(fields: readonly FieldSpec[], values: FormValues, creating: boolean) {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.createOnly && !creating) continue;
    const text = (values[field.key] ?? '').trim();
    switch (field.kind) {
      case 'name':
      case 'text':
        if (text !== '' || field.kind === 'text') body[field.key] = text;
        break;
      case 'int':
        if (text !== '') body[field.key] = Number(text) * (field.scale ?? 1);
        break;
      case 'nullable-int':
        body[field.key] = text === '' ? null : Math.round(Number(text) * (field.scale ?? 1));
        break;
      case 'nullable-name':
        body[field.key] = text === '' ? null : text;
        break;
      case 'list':
        body[field.key] = text.split(/[\s,]+/).filter(Boolean);
        break;
    }
  }
  return body;
}

/** The form's text values for an existing record (or empty ones for a new record). */
export function formValues(
  fields: readonly FieldSpec[],
  record: Record<string, unknown> | undefined,
): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const value = record?.[field.key];
    values[field.key] =
      value === null || value === undefined
        ? ''
        : Array.isArray(value)
          ? value.join(', ')
          : typeof value === 'number'
            ? String(value / (field.scale ?? 1))
            : typeof value === 'string'
              ? value
              : JSON.stringify(value);
  }
  return values;
}

/**
 * Create or edit a group, project or queue. The request is checked against the shared schema
 * first, then sent; the API's messages are shown next to the field they name.
 */
export function AccountForm(props: {
  title: string;
  fields: readonly FieldSpec[];
  initial: FormValues;
  creating: boolean;
  schema: z.ZodType;
  submitLabel: string;
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
  idPrefix: string;
}) {
  const [values, setValues] = useState(props.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const body = toBody(props.fields, values, props.creating);
    const checked = props.schema.safeParse(body);
    if (!checked.success) {
      setErrors(
        Object.fromEntries(checked.error.issues.map((i) => [String(i.path[0]), i.message])),
      );
      return;
    }
    setBusy(true);
    try {
      await props.onSubmit(body);
    } catch (caught) {
      const fields = caught instanceof ApiError ? caught.fieldErrors() : {};
      setErrors(fields);
      setError(Object.keys(fields).length === 0 ? caught : undefined);
    } finally {
      setBusy(false);
    }
  };
  const titleId = `${props.idPrefix}-form-title`;
  return (
    <form className="panel" onSubmit={(e) => void save(e)} aria-labelledby={titleId} noValidate>
      <h2 id={titleId}>{props.title}</h2>
      <div className="grid">
        {props.fields
          .filter((field) => props.creating || !field.createOnly)
          .map((field) => {
            const id = `${props.idPrefix}-${field.key}`;
            const numeric = field.kind === 'int' || field.kind === 'nullable-int';
            return (
              <div key={field.key} className={errors[field.key] ? 'field invalid' : 'field'}>
                <label htmlFor={id}>{field.label}</label>
                <input
                  id={id}
                  type={numeric ? 'number' : 'text'}
                  inputMode={numeric ? 'decimal' : undefined}
                  required={field.kind === 'name'}
                  value={values[field.key] ?? ''}
                  aria-invalid={errors[field.key] ? true : undefined}
                  aria-describedby={field.hint ? `${id}-hint` : undefined}
                  onChange={(e) => {
                    setValues({ ...values, [field.key]: e.target.value });
                    // The message goes once the field is being fixed.
                    setErrors(({ [field.key]: _fixed, ...others }) => others);
                  }}
                />
                {field.hint && (
                  <p className="hint" id={`${id}-hint`}>
                    {field.hint}
                  </p>
                )}
                {errors[field.key] && (
                  <p className="field-error" role="alert">
                    {errors[field.key]}
                  </p>
                )}
              </div>
            );
          })}
      </div>
      <ErrorNote error={error} />
      <div className="actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {props.submitLabel}
        </button>
      </div>
    </form>
  );
}
