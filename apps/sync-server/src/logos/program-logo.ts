import type { Program } from "@stamp/core";
import type { Translator } from "../i18n/translate";
import type { AppServices } from "../services";
import type { LogoChange, StoredLogo } from "../storage/logo-store";
import {
  type LogoProblem,
  MAX_LOGO_BYTES,
  MIN_LOGO_LONG_SIDE,
  MIN_LOGO_SHORT_SIDE,
  prepareLogo,
} from "./logo-image";

/** Too many uploads by this merchant just now: nothing was read. */
export interface LogoUploadsBusy {
  readonly code: "rate-limited";
  readonly retryAfterMs: number;
}

export type LogoUpload =
  | { readonly ok: true; readonly change: LogoChange }
  | { readonly ok: false; readonly problem: LogoProblem | LogoUploadsBusy };

/**
 * Checks an upload and puts it up as the program's logo. A refused file changes nothing; a new one
 * saves the program's next version, which re-versions and pushes its passes.
 */
export async function uploadProgramLogo(
  services: AppServices,
  merchantId: string,
  programId: string,
  bytes: Uint8Array,
): Promise<LogoUpload> {
  const allowed = await services.limits.logoUploads.take(merchantId, services.now());
  if (!allowed.ok)
    return { ok: false, problem: { code: "rate-limited", retryAfterMs: allowed.retryAfterMs } };
  const prepared = await prepareLogo(bytes);
  if (!prepared.ok) return prepared;
  return {
    ok: true,
    change: await services.store.setProgramLogo(
      merchantId,
      programId,
      prepared.logo,
      services.now(),
    ),
  };
}

/** What the API answers about a program's logo: where its pictures are, or null without one. */
export function logoJson(services: AppServices, program: Program, logo: StoredLogo | null) {
  const { passes } = services.wallet;
  return {
    programId: program.id,
    version: program.version,
    logo: logo && {
      hash: logo.hash,
      source: logo.source,
      width: logo.width,
      height: logo.height,
      squareUrl: passes.logoUrl(program),
      wideUrl: `${services.publicUrl}/passes/logos/${program.id}-${program.version}-wide.png`,
    },
  };
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The refusal in words, for the admin page and the API's `message`. */
export function logoProblemText(tr: Translator, problem: LogoProblem | LogoUploadsBusy): string {
  switch (problem.code) {
    case "rate-limited":
      return tr.t("logo.problem.busy", {
        seconds: Math.max(1, Math.ceil(problem.retryAfterMs / 1000)),
      });
    case "logo-missing":
      return tr.t("logo.problem.missing");
    case "logo-too-large":
      return tr.t("logo.problem.tooLarge", {
        size: megabytes(problem.bytes),
        max: megabytes(MAX_LOGO_BYTES),
      });
    case "logo-wrong-type":
      return problem.found
        ? tr.t("logo.problem.wrongType", { type: problem.found.toUpperCase() })
        : tr.t("logo.problem.unknownType");
    case "logo-damaged":
      return tr.t("logo.problem.damaged");
    case "logo-unsafe-svg":
      switch (problem.refusal.kind) {
        case "external-reference":
          return tr.t("logo.problem.svgReference", { reference: problem.refusal.reference });
        case "script":
          return tr.t("logo.problem.svgScript");
        case "doctype":
        case "not-svg":
          return tr.t("logo.problem.svgDoctype");
        default: {
          const unreachable: never = problem.refusal;
          throw new Error(`unknown SVG refusal ${JSON.stringify(unreachable)}`);
        }
      }
    case "logo-too-many-pixels":
      return tr.t("logo.problem.tooManyPixels", {
        width: problem.width,
        height: problem.height,
      });
    case "logo-too-small":
      return tr.t("logo.problem.tooSmall", {
        width: problem.width,
        height: problem.height,
        long: MIN_LOGO_LONG_SIDE,
        short: MIN_LOGO_SHORT_SIDE,
      });
    default: {
      const unreachable: never = problem;
      throw new Error(`unknown logo problem ${JSON.stringify(unreachable)}`);
    }
  }
}
