// drizzle-kit (hoisted to the root) imports drizzle-orm from its own location, but npm installed
// drizzle-orm inside this workspace only. Resolve it from here so `npm run db:generate` works.
import { register } from "node:module";

const hook = `
const workspace = ${JSON.stringify(new URL("../package.json", import.meta.url).href)};
export async function resolve(specifier, context, next) {
  if (specifier === "drizzle-orm" || specifier.startsWith("drizzle-orm/"))
    return next(specifier, { ...context, parentURL: workspace });
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, import.meta.url);
