import { type EarnError, NON_EMPTY_TEXT, type Program, stampsForOrder } from "@stamp/core";
import * as v from "valibot";
import { type Problem, problem } from "../http/api-error";

/** What one stamps.added event may carry. */
const MAX_STAMPS_PER_EVENT = 1000;

/** Body fields shared by POS stamps and receipts: an explicit count, or an order to earn from. */
export const OrderFields = {
  count: v.optional(
    v.pipe(
      v.number("must be a number"),
      v.integer("must be a whole number"),
      v.minValue(1, "must be at least 1"),
      v.maxValue(MAX_STAMPS_PER_EVENT, `must be at most ${MAX_STAMPS_PER_EVENT}`),
    ),
  ),
  amount: v.optional(
    v.pipe(
      v.number("must be a number"),
      v.integer("must be a whole number of minor units (cents)"),
      v.minValue(0, "must be at least 0"),
      v.maxValue(Number.MAX_SAFE_INTEGER, "is too large"),
    ),
  ),
  currency: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, "must be an ISO 4217 code like EUR")),
  ),
  orderRef: v.optional(NON_EMPTY_TEXT(128)),
};

export interface Order {
  readonly count?: number | undefined;
  readonly amount?: number | undefined;
  readonly currency?: string | undefined;
  readonly orderRef?: string | undefined;
}

/** The stamp fields an order earns under a program: count, and amount/currency to record. */
export interface EarnedStamps {
  readonly count: number;
  readonly amount?: number;
  readonly currency?: string;
  readonly orderRef?: string;
}

function earnProblem(error: EarnError): Problem {
  switch (error.code) {
    case "amount-required":
      return problem("amount-required", "this program earns by amount: send amount (or count)");
    case "invalid-amount":
      return problem("invalid-amount", "amount must be a whole number of minor units");
    case "currency-mismatch":
      return problem("currency-mismatch", `this program earns in ${error.expected}`);
    case "below-minimum":
      return problem(
        "below-minimum",
        `the order is below one stamp (${error.unitAmount} minor units)`,
      );
    default: {
      const unreachable: never = error;
      throw new Error(`unknown earn error ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Applies the program's earning rule unless the caller names the count itself. */
export function earnedStamps(
  program: Program,
  order: Order,
): { ok: true; stamps: EarnedStamps } | { ok: false; problem: Problem } {
  const currency =
    order.currency ?? (program.earning.kind === "by-amount" ? program.earning.currency : undefined);
  if (order.amount !== undefined && currency === undefined)
    return { ok: false, problem: problem("invalid-body", "currency: is required with amount") };
  let count = order.count;
  if (count === undefined) {
    const earned = stampsForOrder(program.earning, {
      ...(order.amount === undefined ? {} : { amount: order.amount }),
      ...(currency === undefined ? {} : { currency }),
    });
    if (!earned.ok) return { ok: false, problem: earnProblem(earned.error) };
    count = earned.count;
  }
  if (count > MAX_STAMPS_PER_EVENT)
    return {
      ok: false,
      problem: problem("invalid-amount", `one order earns at most ${MAX_STAMPS_PER_EVENT} stamps`),
    };
  return {
    ok: true,
    stamps: {
      count,
      ...(order.amount === undefined ? {} : { amount: order.amount, currency: currency as string }),
      ...(order.orderRef === undefined ? {} : { orderRef: order.orderRef }),
    },
  };
}
