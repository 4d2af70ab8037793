/**
 * A code's check started before the code is acted on: a keyboard-wedge scanner types a whole code,
 * then its suffix (`complete`, then `scan`), so the verify and the card's read run while the suffix
 * is on its way and are off the path from the suffix to the stamp.
 *
 * Starting acts on nothing: only `take`, at the scan, hands a check on, and it hands each started
 * check on at most once. A code changed after its start (more keys) is another code: checked anew.
 */
export class CheckAhead<T> {
  readonly #check: (code: string) => Promise<T>;
  #ahead: { readonly code: string; readonly result: Promise<T> } | null = null;

  constructor(check: (code: string) => Promise<T>) {
    this.#check = check;
  }

  /** A whole code before its scan: check it now (a code already started is not checked again). */
  start(code: string): void {
    if (this.#ahead?.code === code) return;
    const result = this.#check(code);
    // A failure is met at the scan, which checks again; none may go unhandled meanwhile.
    result.catch(() => {});
    this.#ahead = { code, result };
  }

  /**
   * The scan of `code`: its check started ahead (done or in flight), else one started now. A check
   * ahead that failed is made again: the failure may have been passing (a storage hiccup).
   */
  take(code: string): Promise<T> {
    const ahead = this.#ahead;
    this.#ahead = null;
    if (ahead?.code !== code) return this.#check(code);
    return ahead.result.catch(() => this.#check(code));
  }
}
