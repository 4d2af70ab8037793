import { type Program, parseProgram, sameReward, type ValidationIssue } from "@stamp/core";
import { type Problem, problem } from "../http/api-error";
import type { AppServices } from "../services";

export type SaveResult =
  | { readonly ok: true; readonly program: Program }
  | { readonly ok: false; readonly problem: Problem; readonly issues?: readonly ValidationIssue[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const invalid = (issues: ValidationIssue[]): SaveResult => ({
  ok: false,
  problem: problem(
    "invalid-body",
    issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; "),
  ),
  issues,
});

function sameHistory(a: Program["rewardHistory"], b: Program["rewardHistory"]): boolean {
  const left = a ?? [];
  const right = b ?? [];
  return (
    left.length === right.length &&
    left.every(
      (entry, i) =>
        entry.untilVersion === right[i]?.untilVersion && sameReward(entry.reward, right[i].reward),
    )
  );
}

/**
 * Saves a program sent as stamp-core's program JSON (the admin editor's schema). `version` is the
 * version the edit started from; the saved program has the next one. `id` and `merchantId` may be
 * left out; `rewardHistory` is the server's (stamp-core SPEC T2) and may only be sent back unchanged.
 */
export async function saveProgram(
  services: AppServices,
  merchantId: string,
  programId: string,
  body: unknown,
): Promise<SaveResult> {
  const stored = await services.store.getProgram(merchantId, programId);
  if (!stored) return { ok: false, problem: problem("program-not-found", "no such program") };
  if (!isRecord(body)) return invalid([{ path: "", message: "must be a program object" }]);
  const issues: ValidationIssue[] = [];
  if (body.id !== undefined && body.id !== programId)
    issues.push({ path: "id", message: "must be the id in the URL" });
  if (body.merchantId !== undefined && body.merchantId !== merchantId)
    issues.push({ path: "merchantId", message: "must be your merchant's id" });
  if (!Number.isSafeInteger(body.version) || (body.version as number) < 1)
    issues.push({
      path: "version",
      message: "must be the version you are editing (a whole number from 1)",
    });
  if (
    body.rewardHistory !== undefined &&
    !sameHistory(body.rewardHistory as Program["rewardHistory"], stored.program.rewardHistory)
  )
    issues.push({
      path: "rewardHistory",
      message: "is kept by the server: send it back unchanged or leave it out",
    });
  if (issues.length > 0) return invalid(issues);
  const from = body.version as number;
  const parsed = parseProgram({
    ...body,
    id: programId,
    merchantId,
    version: from + 1,
    rewardHistory: stored.program.rewardHistory,
  });
  if (!parsed.ok) return invalid([...parsed.issues]);
  const stale = () => ({
    ok: false as const,
    problem: problem(
      "stale-version",
      `the program was saved as version ${stored.program.version} since version ${from}: read it again and redo the edit`,
    ),
  });
  if (from !== stored.program.version) return stale();
  const now = services.now();
  if (!(await services.store.updateProgram(parsed.value, from, now))) return stale();
  const saved = await services.store.getProgram(merchantId, programId);
  if (!saved) throw new Error(`program ${programId} vanished`);
  return { ok: true, program: saved.program };
}
