/**
 * How a new push for a card joins the card's one row in `wallet_push_jobs` (append to an INSERT of
 * a pending job): a failed job comes back to life with fresh attempts; a pending one keeps its
 * schedule (and backoff) and only learns, through its generation, that there is more to send.
 * Columns are named with their table, as PostgreSQL needs beside `excluded`; SQLite takes it too.
 */
export const COALESCE_PUSH_JOB = `ON CONFLICT (card_id) DO UPDATE SET
  generation = wallet_push_jobs.generation + 1,
  attempts = CASE WHEN wallet_push_jobs.status = 'failed' THEN 0 ELSE wallet_push_jobs.attempts END,
  due_at = CASE WHEN wallet_push_jobs.status = 'failed' THEN excluded.due_at
    ELSE wallet_push_jobs.due_at END,
  status = 'pending'`;
