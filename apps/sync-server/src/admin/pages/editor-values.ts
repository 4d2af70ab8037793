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
