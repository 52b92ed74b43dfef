/**
 * Runs costly work (a password hash check) a few at a time, with a short queue: a flood waits or is refused at
 * once instead of taking every core and libuv thread from the requests around it.
 */
export class Turns {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    /** Work that may wait for a turn; more is refused with `busy()`. */
    private readonly queueLimit: number,
    private readonly busy: () => Error,
  ) {}

  /** Work waiting for a turn. */
  get queued(): number {
    return this.#waiting.length;
  }

  /** `work` once a turn is free; throws `busy()` when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.#turn();
    try {
      return await work();
    } finally {
      this.#done();
    }
  }

  async #turn(): Promise<void> {
    if (this.#running < this.concurrency) {
      this.#running++;
      return;
    }
    if (this.#waiting.length >= this.queueLimit) throw this.busy();
    // The finishing work hands its place over: #running stays as it is.
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #done(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running--;
  }
}
