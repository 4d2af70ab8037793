import type { Child } from "hono/jsx";

/** The session's CSRF token; every admin form carries it. */
export function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** Dot paths are fine as names but not as ids (CSS selectors, `for`). */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

export interface FieldProps {
  name: string;
  label: string;
  value: string;
  hint?: string | undefined;
  error?: string | undefined;
  type?: "text" | "email" | "password" | "number" | "color" | "search" | "tel";
  required?: boolean;
  autocomplete?: string;
  inputmode?: "numeric" | "decimal" | "text" | "url";
  maxlength?: number;
  /** Where a page repeats a field in several forms (one per location): what makes its id unique. */
  form?: string;
}

/** A control's label and its hint (the control names the hint `${id}-hint` in aria-describedby). */
function LabelAndHint(props: { id: string; label: string; hint?: string | undefined }) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
    </>
  );
}

/** A labelled input with its hint and its error, wired up for screen readers. */
export function Field(props: FieldProps) {
  const id = fieldId(props.form === undefined ? props.name : `${props.form}-${props.name}`);
  const describedBy = [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div class="field">
      <LabelAndHint id={id} label={props.label} hint={props.hint} />
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        aria-describedby={describedBy || undefined}
        aria-invalid={props.error ? "true" : undefined}
      />
      {props.error ? (
        <span class="field-error" id={`${id}-error`}>
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

/** A labelled drop-down list with its hint. */
export function Select(props: {
  name: string;
  label: string;
  hint?: string;
  /** `lang`: the option's own language, when it is not the page's (a language's own name). */
  options: readonly { value: string; label: string; lang?: string }[];
  value: string;
}) {
  const id = fieldId(props.name);
  return (
    <div class="field">
      <LabelAndHint id={id} label={props.label} hint={props.hint} />
      <select id={id} name={props.name} aria-describedby={props.hint ? `${id}-hint` : undefined}>
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value} lang={option.lang}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Radio buttons (or checkboxes) shown as large tappable choices. */
export function Choices(props: {
  name: string;
  legend: string;
  type?: "radio" | "checkbox";
  options: readonly { value: string; label: string }[];
  checked: (value: string) => boolean;
  hint?: string;
  error?: string | undefined;
}) {
  const id = fieldId(props.name);
  return (
    <fieldset aria-describedby={props.error ? `${id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.hint ? <span class="hint">{props.hint}</span> : null}
      <div class="choices">
        {props.options.map((option) => (
          <label class="choice">
            <input
              type={props.type ?? "radio"}
              name={props.name}
              value={option.value}
              checked={props.checked(option.value)}
            />
            {option.label}
          </label>
        ))}
      </div>
      {props.error ? (
        <span class="field-error" id={`${id}-error`}>
          {props.error}
        </span>
      ) : null}
    </fieldset>
  );
}

export function Notice(props: { kind?: "success" | "error" | "warn"; children: Child }) {
  return (
    <p
      class={props.kind ? `notice notice--${props.kind}` : "notice"}
      role={props.kind === "error" ? "alert" : "status"}
    >
      {props.children}
    </p>
  );
}

/** A new PIN typed twice (digits only, masked): the location PIN and personal staff PINs. */
export function NewPinFields(props: {
  pin: { label: string; hint: string; error?: string | undefined };
  confirm: { name: string; label: string; error?: string | undefined };
  maxlength: number;
  required: boolean;
  /** Keeps the fields' ids apart from other forms' on the same page. */
  form?: string;
}) {
  const masked = {
    type: "password",
    inputmode: "numeric",
    autocomplete: "new-password",
    maxlength: props.maxlength,
    value: "",
    required: props.required,
    ...(props.form === undefined ? {} : { form: props.form }),
  } as const;
  return (
    <div class="row">
      <Field name="pin" {...masked} {...props.pin} />
      <Field {...masked} {...props.confirm} />
    </div>
  );
}
