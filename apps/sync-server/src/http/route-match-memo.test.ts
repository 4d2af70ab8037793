import { TrieRouter } from "hono/router/trie-router";
import { describe, expect, it } from "vitest";
import { RouteMatchMemo } from "./route-match-memo";

const ROUTES: readonly [string, string, string][] = [
  ["ALL", "/*", "every request"],
  ["ALL", "/admin/*", "admin"],
  ["GET", "/c/sw.js", "service worker"],
  ["GET", "/c/:cardId", "card page"],
  ["POST", "/api/v1/sync", "sync"],
  ["ALL", "/api/v1/sync", "device protocol"],
  ["GET", "/admin/programs/new", "new program"],
  ["GET", "/admin/programs/:id", "program"],
];

const routers = () => {
  const memo = new RouteMatchMemo<string>();
  const trie = new TrieRouter<string>();
  for (const [method, path, name] of ROUTES) {
    memo.add(method, path, name);
    trie.add(method, path, name);
  }
  return { memo, trie };
};

describe("RouteMatchMemo", () => {
  it("matches every path as hono's TrieRouter does, the second time as the first", () => {
    const { memo, trie } = routers();
    const asked: [string, string][] = [
      ["POST", "/api/v1/sync"],
      ["GET", "/api/v1/sync"],
      ["GET", "/c/sw.js"],
      ["GET", "/c/0e2c"],
      ["GET", "/admin/programs/new"],
      ["POST", "/admin/programs/new"],
      ["GET", "/admin/programs/p1"],
      ["GET", "/nowhere"],
    ];
    for (const round of [1, 2])
      for (const [method, path] of asked)
        expect(memo.match(method, path), `${method} ${path}, round ${round}`).toEqual(
          trie.match(method, path),
        );
  });

  it("keeps the match of a path a route names in full, and no other", () => {
    const { memo } = routers();
    expect(memo.match("POST", "/api/v1/sync")).toBe(memo.match("POST", "/api/v1/sync"));
    expect(memo.match("GET", "/c/sw.js")).toBe(memo.match("GET", "/c/sw.js"));
    expect(memo.match("GET", "/c/0e2c")).not.toBe(memo.match("GET", "/c/0e2c"));
  });
});
