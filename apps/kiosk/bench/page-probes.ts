// Functions that run inside the page (serialised by Playwright): each is self-contained.

export interface BenchProbe {
  suffix: number[];
  durable: number[];
  transactions: TransactionTiming[];
  /** The app's IndexedDB write requests (`store.method`) since the last `clearWriteCounts`. */
  writes: Record<string, number>;
  /** Every WebCrypto verify (a signed code's ECDSA check): called, answered. */
  verifies: { started: number; ended: number }[];
  /** When each Autopilot flash (a scan's outcome on screen) was added to the DOM. */
  shown: number[];
  /** When React committed a render (any root), through the DevTools hook React calls. */
  commits: number[];
}

/**
 * An IndexedDB transaction of the app: what it did (`store.method`, each once) and when; and in how
 * many waves it issued its requests (a wave: those issued after the same number of answers), each
 * wave after the first waiting a turn of the page's main thread for an answer.
 */
export interface TransactionTiming {
  readonly ops: string[];
  readonly opened: number;
  readonly done: number;
  readonly waves: number;
}

/**
 * Installed before the app loads. Records the time of every suffix keydown (this listener is
 * registered first, so it runs before the wedge's) and the time each IndexedDB transaction that
 * adds to the outbox completes — i.e. when an event became durable. The completion listener is
 * added as the transaction is opened, before the app's own: Dexie resolves its promises in its
 * listener, so the app's reaction to the commit (the screen, the beep, the scan list) runs before
 * any listener added later, and would be counted as time to durable. Every transaction's reads and
 * writes are named too, for the backlog's timeline (`transactionTimings`), and every write request
 * counted (`writeCounts`): a bulk write is one request per row, a range delete one.
 */
export function installProbes(): void {
  // No named inner functions: tsx wraps them in a naming helper the page does not have.
  const probe: BenchProbe = {
    suffix: [],
    durable: [],
    transactions: [],
    writes: {},
    verifies: [],
    shown: [],
    commits: [],
  };
  (window as unknown as { __bench: BenchProbe }).__bench = probe;
  // React (production builds too) tells a DevTools hook of each commit: renders per scan. Its
  // methods assigned, not declared in the literal: tsx would name them through a missing helper.
  const hook: Record<string, unknown> = { supportsFiber: true, isDisabled: false };
  hook.inject = () => 1;
  hook.onCommitFiberRoot = () => {
    probe.commits.push(performance.now());
  };
  hook.onCommitFiberUnmount = () => {};
  hook.onPostCommitFiberRoot = () => {};
  (
    window as unknown as { __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown }
  ).__REACT_DEVTOOLS_GLOBAL_HOOK__ = hook;
  window.addEventListener(
    "keydown",
    (event) => {
      if (event.key === "Enter") probe.suffix.push(performance.now());
    },
    { capture: true },
  );
  // A scan's outcome is on screen when its flash is in the DOM (committed by React; paint follows).
  new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes)
        if (node instanceof Element && node.classList.contains("flash"))
          probe.shown.push(performance.now());
  }).observe(document, { childList: true, subtree: true });
  // A verify is a hop to WebCrypto and back: timed, to tell those between a suffix and its write.
  const verify = SubtleCrypto.prototype.verify;
  SubtleCrypto.prototype.verify = function (
    this: SubtleCrypto,
    ...args: Parameters<typeof verify>
  ) {
    const started = performance.now();
    const answer = verify.apply(this, args);
    answer.then(
      () => probe.verifies.push({ started, ended: performance.now() }),
      () => {},
    );
    return answer;
  };
  interface Seen {
    outbox: boolean;
    ops: Set<string>;
    answered: number;
    waves: number;
    waveAt: number;
  }
  const committed = new WeakMap<IDBTransaction, Seen>();
  const waves = {} as { issued: (seen: Seen | undefined, request: IDBRequest) => IDBRequest };
  // Assigned, not declared: a declared one is named, and tsx names it through a helper the page
  // lacks. Counted before the app's handler runs: Dexie sets `onsuccess` after making the request.
  waves.issued = (seen, request) => {
    if (!seen) return request;
    if (seen.waveAt !== seen.answered) {
      seen.waves += 1;
      seen.waveAt = seen.answered;
    }
    request.addEventListener("success", () => {
      seen.answered += 1;
    });
    return request;
  };
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (
    this: IDBDatabase,
    ...args: Parameters<typeof transaction>
  ) {
    const tx = transaction.apply(this, args);
    const adds: Seen = { outbox: false, ops: new Set(), answered: 0, waves: 0, waveAt: -1 };
    committed.set(tx, adds);
    const opened = performance.now();
    tx.addEventListener("complete", () => {
      const done = performance.now();
      if (adds.outbox) probe.durable.push(done);
      probe.transactions.push({ ops: [...adds.ops], opened, done, waves: adds.waves });
    });
    return tx;
  };
  const reads = ["get", "getAll", "getAllKeys", "count", "openCursor", "openKeyCursor"] as const;
  for (const method of [...reads, "put", "delete"] as const) {
    const original = IDBObjectStore.prototype[method] as (...args: unknown[]) => IDBRequest;
    (IDBObjectStore.prototype as unknown as Record<string, unknown>)[method] = function (
      this: IDBObjectStore,
      ...args: unknown[]
    ) {
      const seen = committed.get(this.transaction);
      seen?.ops.add(`${this.name}.${method}`);
      const op = `${this.name}.${method}`;
      if (method === "put" || method === "delete") probe.writes[op] = (probe.writes[op] ?? 0) + 1;
      return waves.issued(seen, original.apply(this, args));
    };
  }
  // Reads by an index (a card's log rows) are named by store and index.
  for (const method of reads) {
    const original = IDBIndex.prototype[method] as (...args: unknown[]) => IDBRequest;
    (IDBIndex.prototype as unknown as Record<string, unknown>)[method] = function (
      this: IDBIndex,
      ...args: unknown[]
    ) {
      const store = this.objectStore;
      const seen = committed.get(store.transaction);
      seen?.ops.add(`${store.name}[${this.name}].${method}`);
      return waves.issued(seen, original.apply(this, args));
    };
  }
  const add = IDBObjectStore.prototype.add;
  IDBObjectStore.prototype.add = function (
    this: IDBObjectStore,
    value: unknown,
    key?: IDBValidKey,
  ) {
    const adds = committed.get(this.transaction);
    adds?.ops.add(`${this.name}.add`);
    probe.writes[`${this.name}.add`] = (probe.writes[`${this.name}.add`] ?? 0) + 1;
    if (this.name === "outbox" && adds) adds.outbox = true;
    return waves.issued(
      adds,
      key === undefined ? add.call(this, value) : add.call(this, value, key),
    );
  };
}

export function durableCount(): number {
  return (window as unknown as { __bench: BenchProbe }).__bench.durable.length;
}

export function writeCounts(): Record<string, number> {
  return (window as unknown as { __bench: BenchProbe }).__bench.writes;
}

export function clearWriteCounts(): void {
  (window as unknown as { __bench: BenchProbe }).__bench.writes = {};
}

export function transactionTimings(): TransactionTiming[] {
  return (window as unknown as { __bench: BenchProbe }).__bench.transactions;
}

export function probeTimes(): BenchProbe {
  return (window as unknown as { __bench: BenchProbe }).__bench;
}

/**
 * A wedge scanner's burst as key events: the code's characters back to back (US key codes,
 * Shift on capitals), then the Enter suffix a moment later in its own task. (No named inner
 * functions: tsx would wrap them in a helper the page does not have.)
 */
export async function scanBurst(code: string): Promise<void> {
  const target = document.activeElement ?? document.body;
  for (const char of code) {
    let keyCode = "Minus";
    if (/^[a-zA-Z]$/.test(char)) keyCode = `Key${char.toUpperCase()}`;
    else if (/^[0-9]$/.test(char)) keyCode = `Digit${char}`;
    else if (char === ".") keyCode = "Period";
    const shiftKey = /^[A-Z_]$/.test(char);
    target.dispatchEvent(
      new KeyboardEvent("keydown", {
        key: char,
        code: keyCode,
        shiftKey,
        bubbles: true,
        cancelable: true,
      }),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 4));
  target.dispatchEvent(
    new KeyboardEvent("keydown", { key: "Enter", code: "Enter", bubbles: true, cancelable: true }),
  );
}

/** Resolves when the page has nothing left to do (React renders, live queries). */
export function untilIdle(): Promise<void> {
  return new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 500 }));
}

/** Writes events straight into the app's IndexedDB, as if made (outbox + log) or pulled (log). */
export function seedEvents(input: { events: unknown[]; outbox: boolean }): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("stamp-kiosk");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const stores = input.outbox ? ["outbox", "log"] : ["log"];
      const tx = db.transaction(stores, "readwrite");
      for (const store of stores) {
        const target = tx.objectStore(store);
        for (const event of input.events) target.put(event);
      }
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

export function countRows(store: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("stamp-kiosk");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const request = db.transaction(store, "readonly").objectStore(store).count();
      request.onsuccess = () => {
        db.close();
        resolve(request.result);
      };
      request.onerror = () => reject(request.error);
    };
  });
}

/**
 * Whether the outbox is empty, read as one key: the poll that waits for a backlog to drain must
 * not count 50,000 rows every 50 ms in transactions the app's writes queue behind.
 */
export function outboxEmpty(): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("stamp-kiosk");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const request = db
        .transaction("outbox", "readonly")
        .objectStore("outbox")
        .getAllKeys(null, 1);
      request.onsuccess = () => {
        db.close();
        resolve(request.result.length === 0);
      };
      request.onerror = () => reject(request.error);
    };
  });
}

/**
 * Whether the till has stored a last pull page (`meta.head` is set by an answer with nothing more
 * to pull): its first pull — the merchant's cards, compact — is over.
 */
export function pulledToEnd(): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("stamp-kiosk");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const request = db.transaction("meta", "readonly").objectStore("meta").get("head");
      request.onsuccess = () => {
        db.close();
        resolve(typeof request.result?.value === "number");
      };
      request.onerror = () => reject(request.error);
    };
  });
}

export function deviceIdentity(): Promise<{
  deviceId: string;
  merchantId: string;
  programId: string;
}> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("stamp-kiosk");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const request = db.transaction("config", "readonly").objectStore("config").get("device");
      request.onsuccess = () => {
        db.close();
        const device = request.result.value;
        resolve({
          deviceId: device.deviceId,
          merchantId: device.merchant.id,
          programId: device.programs[0].id,
        });
      };
      request.onerror = () => reject(request.error);
    };
  });
}

/**
 * This machine's floor for the same write: `count` bare IndexedDB transactions adding one event
 * to two stores and putting one row in a third, flushed ("strict") like the app's, in a scratch
 * database. Returns each transaction's time in ms.
 */
export function bareWrites(count: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("stamp-bench-floor", 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore("outbox", { keyPath: "id" });
      open.result.createObjectStore("log", { keyPath: "id" }).createIndex("cardId", "cardId");
      open.result.createObjectStore("meta", { keyPath: "key" });
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = async () => {
      const db = open.result;
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const id = crypto.randomUUID();
        const event = { id, cardId: id, hlc: "2026-11-22T09:30:00.000Z-0000-a1b2c3d4e5f60718" };
        const start = performance.now();
        await new Promise<void>((done, fail) => {
          const tx = db.transaction(["outbox", "log", "meta"], "readwrite", {
            durability: "strict",
          });
          tx.objectStore("outbox").add(event);
          tx.objectStore("log").add(event);
          tx.objectStore("meta").put({ key: "clock", value: i });
          tx.oncomplete = () => done();
          tx.onerror = () => fail(tx.error);
        });
        times.push(performance.now() - start);
        await new Promise((settle) => setTimeout(settle, 20));
      }
      db.close();
      resolve(times);
    };
  });
}

/** Time spent waiting on /api/v1/sync answers since the last clear, per Resource Timing. */
export function syncRequestMs(): number {
  return performance
    .getEntriesByType("resource")
    .filter((entry) => entry.name.includes("/api/v1/sync"))
    .reduce((sum, entry) => sum + entry.duration, 0);
}

export function clearRequestTimings(): void {
  performance.setResourceTimingBufferSize(100_000);
  performance.clearResourceTimings();
}

export interface SyncRequestTiming {
  readonly start: number;
  readonly requestStart: number;
  readonly responseStart: number;
  readonly end: number;
}

/** Each /api/v1/sync request since the last clear, in the order they started (Resource Timing). */
export function syncTimeline(): SyncRequestTiming[] {
  return (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
    .filter((entry) => entry.name.includes("/api/v1/sync"))
    .map((entry) => ({
      start: entry.startTime,
      requestStart: entry.requestStart,
      responseStart: entry.responseStart,
      end: entry.responseEnd,
    }))
    .sort((a, b) => a.start - b.start);
}
