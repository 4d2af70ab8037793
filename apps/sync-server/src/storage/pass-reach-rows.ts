import type { GoogleObjectSeen } from "./wallet-store";

/*
 * Whether a card's pass still reaches a phone (the till's "no longer updates" notice), as SQL both
 * databases speak, the parameters' marks given: `$n` on PostgreSQL, `@name` on SQLite.
 */

/**
 * A device registered for the pass (`card`) at `at`: it holds the pass as it is now, and the card
 * updates on a phone again.
 */
export const PASS_REGISTERED = (card: string, at: string) =>
  `UPDATE wallet_passes SET updates_lost_at = NULL, fetched_at = ${at},
     fetched_seq = (SELECT pass_seq FROM cards WHERE id = ${card})
   WHERE card_id = ${card}`;

/** A device fetched version `seq` of the pass (`card`) at `at`; an older one never moves it back. */
export const PASS_FETCHED = (card: string, seq: string, at: string) =>
  `UPDATE wallet_passes SET fetched_at = ${at},
     fetched_seq = CASE WHEN fetched_seq IS NULL OR fetched_seq < ${seq} THEN ${seq} ELSE fetched_seq END
   WHERE card_id = ${card}`;

/**
 * The UPDATE of `wallet_passes` for what Google said of a card's object (`noteGoogleObject`), the
 * card id's and the time's marks given; `timed`: the time is one of its parameters. It changes a
 * row only when the till's answer changes, so a push round writes nothing for an object as it was.
 */
export function googleObjectUpdate(
  seen: GoogleObjectSeen,
  card: string,
  time: string,
): { readonly sql: string; readonly timed: boolean } {
  switch (seen) {
    case "saved":
      // In a user's Google Wallet (again): the card updates there.
      return {
        sql: `UPDATE wallet_passes SET google_users = 1, google_lost_at = NULL
              WHERE card_id = ${card}
                AND (google_users IS NULL OR google_users = 0 OR google_lost_at IS NOT NULL)`,
        timed: false,
      };
    case "unsaved":
      // In nobody's: lost when a user held it, merely never saved otherwise.
      return {
        sql: `UPDATE wallet_passes SET google_users = 0,
                google_lost_at = CASE WHEN google_users = 1 THEN ${time} ELSE google_lost_at END
              WHERE card_id = ${card} AND (google_users IS NULL OR google_users = 1)`,
        timed: true,
      };
    case "missing":
      // Nothing left to PATCH: pushes stop until a save link inserts the object again.
      return {
        sql: `UPDATE wallet_passes SET google_object = 0, google_lost_at = COALESCE(google_lost_at, ${time})
              WHERE card_id = ${card} AND google_object = 1`,
        timed: true,
      };
    default: {
      const unreachable: never = seen;
      throw new Error(`unknown Google object answer ${JSON.stringify(unreachable)}`);
    }
  }
}
