import type { CardState, Program, StampEvent } from "@stamp/core";
import { useEffect, useState, useSyncExternalStore } from "react";
import { useSession } from "../app/hooks";
import { classifyStorageError, type StorageProblem } from "../storage/storage-failure";

export interface CardSnapshot {
  readonly ready: boolean;
  readonly state: CardState;
  /** The snapshot `events` follow (stamp-core SPEC CS1); null: `events` are the whole history. */
  readonly base: CardState | null;
  readonly events: readonly StampEvent[];
  readonly problem: StorageProblem | null;
}

/** A card's folded state from what the till holds, kept current as events are made or pulled. */
export function useCard(cardId: string, program: Program): CardSnapshot {
  const { ledger } = useSession();
  const revision = useSyncExternalStore(
    (listener) => ledger.subscribe(listener),
    () => ledger.revision,
  );
  const [problem, setProblem] = useState<StorageProblem | null>(null);
  const ready = ledger.isOpen(cardId);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new revision may have dropped the card (another tab wrote), so reopen it.
  useEffect(() => {
    if (ledger.isOpen(cardId)) return;
    ledger.open(cardId).then(
      () => setProblem(null),
      (error: unknown) => setProblem(classifyStorageError(error)),
    );
  }, [ledger, cardId, revision]);
  return {
    ready,
    state: ledger.state(program, cardId),
    base: ready ? ledger.base(cardId) : null,
    events: ready ? ledger.events(cardId) : [],
    problem,
  };
}
