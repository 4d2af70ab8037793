// Loaded into the stampd a PostgreSQL bench starts (NODE_OPTIONS=--import=<this file>, beside
// `round-probe.mjs`; read by `pg-statements-probe.ts`): counts the statements the server's pg
// clients send (`Client.prototype.query`: the pool's, the transactions', the notifications'),
// by name (a prepared statement's, else its text's first 40 characters), and on SIGUSR2 writes
// one line to stderr, `pg-statements {…}`, with the counts so far. The bundle loads the same `pg`
// from node_modules, so its clients are the ones counted. A count, not a time: it holds under
// load. Plain JavaScript: the bundle runs under node, without a TypeScript loader.
import pg from "pg";

const counts = { statements: 0, byName: {} };
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, ...rest) {
  const name =
    typeof config === "string"
      ? config.slice(0, 40)
      : (config?.name ?? String(config?.text ?? "?").slice(0, 40));
  counts.statements += 1;
  counts.byName[name] = (counts.byName[name] ?? 0) + 1;
  return query.call(this, config, ...rest);
};

process.on("SIGUSR2", () => {
  process.stderr.write(`pg-statements ${JSON.stringify(counts)}\n`);
});
