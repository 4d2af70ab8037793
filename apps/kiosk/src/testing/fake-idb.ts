// IndexedDB in Node for storage tests. Dexie reads the globals when it is first imported, and test
// files share modules (vitest `isolate: false`), so it is handed fake-indexeddb here explicitly,
// whichever file imported Dexie first.
import { Dexie } from "dexie";
import { IDBKeyRange, indexedDB } from "fake-indexeddb";

Dexie.dependencies.indexedDB = indexedDB;
Dexie.dependencies.IDBKeyRange = IDBKeyRange;
