import type { CardState } from "./card-state";

/** CardState as plain JSON: Maps become arrays of entries. For storing materialized state. */
export type CardStateJson = Omit<CardState, "grants" | "revoked" | "pendingRevokes"> & {
  readonly grants: readonly (readonly [string, number])[];
  readonly revoked: readonly (readonly [string, string])[];
  readonly pendingRevokes: readonly (readonly [string, string])[];
};

/** JSON.stringify would turn the Maps into `{}` and lose every grant silently; this keeps them. */
export function cardStateToJson(state: CardState): CardStateJson {
  return {
    ...state,
    grants: [...state.grants],
    revoked: [...state.revoked],
    pendingRevokes: [...state.pendingRevokes],
  };
}

export function cardStateFromJson(json: CardStateJson): CardState {
  return {
    ...json,
    grants: new Map(json.grants),
    revoked: new Map(json.revoked),
    pendingRevokes: new Map(json.pendingRevokes),
  };
}
