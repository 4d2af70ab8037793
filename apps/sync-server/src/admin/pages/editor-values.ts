import type { Translator } from "../../i18n/translate";

/** The editor form's values as posted (or as a saved program fills them in). */
export type EditorValues = Readonly<Record<string, unknown>>;

export function fieldValue(values: EditorValues, name: string, fallback = ""): string {
  const value = values[name];
  return typeof value === "string" ? value : fallback;
}

export function listOf(values: EditorValues, name: string): string[] {
  const value = values[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" ? [value] : [];
}

/** What each section of the editor gets: the catalogue, the values, the errors by field path. */
export interface SectionProps {
  readonly tr: Translator;
  readonly values: EditorValues;
  readonly errors: ReadonlyMap<string, string>;
}

/** A section's readers: `v` a field's value, `e` its error, `is` whether a choice is picked. */
export function sectionFields({ values, errors }: SectionProps) {
  const v = (name: string, fallback = "") => fieldValue(values, name, fallback);
  return {
    v,
    e: (name: string) => errors.get(name),
    is: (name: string, fallback: string) => (option: string) => v(name, fallback) === option,
  };
}
