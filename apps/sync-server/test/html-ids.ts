/**
 * What breaks labels and screen readers on a server-rendered page: an id used twice (a label then
 * points at another form's field), and a `for`, `aria-describedby` or `aria-labelledby` naming
 * no element.
 */
export function idProblems(html: string): string[] {
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] as string);
  const present = new Set(ids);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  const pointers = [
    ...html.matchAll(/\s(for|aria-describedby|aria-labelledby)="([^"]+)"/g),
  ].flatMap((m) => (m[2] as string).split(/\s+/).map((id) => `${m[1]}=${id}`));
  const dangling = pointers.filter((p) => !present.has(p.slice(p.indexOf("=") + 1)));
  return [
    ...[...new Set(repeated)].map((id) => `id "${id}" is used more than once`),
    ...dangling.map((p) => `${p} names no element`),
  ];
}
