import type { Result, Router } from "hono/router";
import { TrieRouter } from "hono/router/trie-router";

/**
 * hono's TrieRouter, which keeps what it matched for each path a route names in full (no
 * parameter, no wildcard) and answers it again without a search. Our ~240 routes are too many
 * and too mixed for hono's RegExpRouter (a literal and a parameter at the same place, as
 * `/c/sw.js` and `/c/:cardId`, it refuses), and the trie searched every sync round's path anew
 * among all of them: ~3 KB of garbage a request (bench/round-overhead.ts). The answers kept are
 * bounded by the routes' paths times the methods Node's parser knows.
 */
export class RouteMatchMemo<T> implements Router<T> {
  readonly name = "RouteMatchMemo";
  readonly #trie = new TrieRouter<T>();
  readonly #fullPaths = new Set<string>();
  readonly #matched = new Map<string, Map<string, Result<T>>>();

  add(method: string, path: string, handler: T): void {
    this.#trie.add(method, path, handler);
    if (!/[:*]/.test(path)) this.#fullPaths.add(path);
  }

  match(method: string, path: string): Result<T> {
    if (!this.#fullPaths.has(path)) return this.#trie.match(method, path);
    let byPath = this.#matched.get(method);
    if (!byPath) {
      byPath = new Map();
      this.#matched.set(method, byPath);
    }
    let result = byPath.get(path);
    if (!result) {
      result = this.#trie.match(method, path);
      byPath.set(path, result);
    }
    return result;
  }
}
