import { MAX_PULL_WAIT_SECONDS, type SyncAnswerBody } from "@stamp/wire-protocol";
import type { ServerMetrics } from "../metrics/server-metrics";
import type { Services } from "../services";
import type { SyncResult } from "../sync/sync-batch";
import { waitAfterMs } from "../sync/wait-phase";

/**
 * How a round's pull was asked for: not held (`asked`: it asked to be held but there was no room,
 * so it polls on its timer until offered again), or held (`deviceId`, `arrivedAt`: it asks again
 * at its own moment of the gap, not with the tills answered with it) — streamed or not, its
 * answers are alike (`held-stream.ts`).
 */
export type RoundWait =
  | { readonly held: false; readonly asked: boolean }
  | { readonly held: true; readonly deviceId: string; readonly arrivedAt: number };

/**
 * What a round's answer offers: a held pull (`maxWait`), and its stream (`maxStream`) unless
 * streams are turned off (MAX_STREAM_SECONDS=0). Both or neither: there is room, or not.
 */
function offers(services: Services): Pick<SyncAnswerBody, "maxWait" | "maxStream"> {
  const seconds = services.maxStreamSeconds;
  return seconds > 0
    ? { maxWait: MAX_PULL_WAIT_SECONDS, maxStream: seconds }
    : { maxWait: MAX_PULL_WAIT_SECONDS };
}

/** A round's answer as the wire protocol has it (counted in the metrics). */
export function syncAnswer(
  services: Services,
  metrics: ServerMetrics,
  result: SyncResult,
  wait: RoundWait,
): SyncAnswerBody {
  metrics.syncRound(result);
  if (!wait.held) return wait.asked ? result : { ...result, ...offers(services) };
  const after = waitAfterMs(wait.deviceId, wait.arrivedAt, services.now());
  return { ...result, ...offers(services), waitAfterMs: after };
}
