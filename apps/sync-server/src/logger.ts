import pino from "pino";

export type Logger = pino.Logger;

/** JSON lines on stderr, so stdout stays free for the CLI's one JSON answer. */
export function createLogger(level: string): Logger {
  return pino({ level, base: null }, pino.destination({ fd: 2, sync: false }));
}
