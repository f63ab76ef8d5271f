/**
 * @module Labelled form fields that show the admin API's error next to the field it names.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api';
import { fieldForParam } from '../field-errors';

interface FormErrors {
  readonly fields: Readonly<Record<string, string>>;
  /** An error that names no field of the form. */
  readonly form?: string;
}

interface ApiForm {
  readonly errors: FormErrors;
  readonly busy: boolean;
  /** Runs `action`; an error lands next to its field (which gets focus) or above the buttons. */
  submit(event: Event, action: (data: FormData) => Promise<void>): void;
}

/** Form state for a form whose field names are the request's parameter paths (`budget.usd`). */
function useApiForm(fields: readonly string[]): ApiForm {
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement | null>(null);

  useEffect(() => {
    const [first] = Object.keys(errors.fields);
    const element = first === undefined ? null : formRef.current?.elements.namedItem(first);
    if (element instanceof HTMLElement) element.focus();
  }, [errors]);

  return {
    errors,
    busy,
    submit(event, action) {
      event.preventDefault();
      const form = event.currentTarget as HTMLFormElement;
      formRef.current = form;
      setBusy(true);
      setErrors({ fields: {} });
      action(new FormData(form))
        .catch((error: unknown) => setErrors(errorsOf(error, fields)))
        .finally(() => setBusy(false));
    },
  };
}

/** Errors to show for a failed call: next to its field when its `param` names one, else for the whole form. */
function errorsOf(failure: unknown, fields: readonly string[]): FormErrors {
  if (failure === undefined) return { fields: {} };
  const field = failure instanceof ApiError ? fieldForParam(failure.param, fields) : undefined;
  return field === undefined ? { fields: {}, form: messageOf(failure) } : { fields: { [field]: messageOf(failure) } };
}

const fieldId = (form: string, name: string): string => `${form}-${name.replace(/\./g, '-')}`;

interface FieldProps {
  readonly form: string;
  readonly name: string;
  readonly label: string;
  readonly errors: FormErrors;
  readonly hint?: string;
}

/** What ties a control to its label, hint and error. */
interface ControlAttributes {
  readonly id: string;
  readonly name: string;
  readonly 'aria-invalid': boolean;
  readonly 'aria-describedby': string | undefined;
}

/** Label, control, hint and error, wired with `for`, `aria-describedby` and `aria-invalid`. */
function Field({ form, name, label, errors, hint, children }: FieldProps & { readonly children: (attributes: ControlAttributes) => ComponentChildren }) {
  const id = fieldId(form, name);
  const error = errors.fields[name];
  const described = [hint === undefined ? undefined : `${id}-hint`, error === undefined ? undefined : `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class={`field${error === undefined ? '' : ' has-error'}`}>
      <label for={id}>{label}</label>
      {children({ id, name, 'aria-invalid': error !== undefined, 'aria-describedby': described === '' ? undefined : described })}
      {hint === undefined ? null : (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error === undefined ? null : (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

interface InputFieldProps extends FieldProps {
  /** @default 'text' */
  readonly type?: 'text' | 'date';
  readonly inputMode?: 'decimal' | 'numeric';
  readonly required?: boolean;
  readonly defaultValue?: string;
}

/** An uncontrolled input; `autocomplete` is off, since these are ids and amounts, not personal data. */
function InputField({ form, name, label, errors, hint, type = 'text', inputMode, required, defaultValue }: InputFieldProps) {
  return (
    <Field form={form} name={name} label={label} errors={errors} hint={hint}>
      {(attributes) =>
        type === 'date' ? (
          <input {...attributes} type="date" required={required} defaultValue={defaultValue} autoComplete="off" />
        ) : (
          <input {...attributes} type="text" inputMode={inputMode} required={required} defaultValue={defaultValue} autoComplete="off" />
        )
      }
    </Field>
  );
}

type SelectFieldProps = FieldProps & { readonly options: readonly (readonly [value: string, label: string])[]; readonly defaultValue?: string };

/** An uncontrolled select: the browser keeps the choice across re-renders (a validation error, say). */
function SelectField({ form, name, label, errors, hint, options, defaultValue }: SelectFieldProps) {
  return (
    <Field form={form} name={name} label={label} errors={errors} hint={hint}>
      {(attributes) => (
        <select {...attributes}>
          {options.map(([optionValue, optionLabel]) => (
            <option key={optionValue} value={optionValue} selected={optionValue === defaultValue}>
              {optionLabel}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The form-level error, announced when it appears. */
function FormError({ errors }: { readonly errors: FormErrors }) {
  return errors.form === undefined ? null : (
    <p class="form-error" role="alert">
      {errors.form}
    </p>
  );
}

/** A trimmed text value, or undefined when the field is empty. */
function textOf(data: FormData, name: string): string | undefined {
  const value = data.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A number, or undefined when the field is empty; text that is not a number is sent as is, for the API to name. */
function numberOf(data: FormData, name: string): number | string | undefined {
  const text = textOf(data, name);
  if (text === undefined) return undefined;
  const value = Number(text.replace(/[$,\s]/g, ''));
  return Number.isFinite(value) ? value : text;
}

export { FormError, InputField, SelectField, errorsOf, numberOf, textOf, useApiForm };
export type { ApiForm, FormErrors };
