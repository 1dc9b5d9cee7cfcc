/**
 * Where one run's pixels are, and when the pool's shared memory it uses may go back.
 *
 * Why: an arena buffer may be lent to the next run only once nothing can touch it, and a run being
 * over is not that. A cancelled run's strip may still wait on a worker, which will read and write the
 * run's buffers when it gets to it (a message cannot be taken back), and a killed worker may write for a
 * moment until its thread has exited. So a run's buffers go back when it is settled *and* no strip of it
 * is on a worker any more. An input the caller placed in this pool's shared memory is read in place,
 * the run counted as one of its users, rather than copied (docs/pool.md, "Shared memory: the arena").
 */
import type { RawImage } from '../types';
import type { ArenaLease } from './shared-arena';
import type { Holding, SharedHoldings } from './shared-holdings';
import { isLeaseStart, type JobBuffers, prepareBuffers } from './transports';
import type { ResultMemory, Transport } from './types';

const noRelease = (): void => undefined;

/** A finished run's output as the caller gets it. */
export interface HandedOutput {
  data: Uint8Array;
  /** Gives shared memory back (a no-op for a private copy). */
  release(): void;
  /** Main-thread time copying the output out of the arena (0 when none). */
  copyMs: number;
}

export class RunMemory {
  /** Strips sent to a worker that may still read or write this run's buffers. */
  private outstanding = 0;
  private settled = false;

  private constructor(
    readonly buffers: JobBuffers,
    /** Arena buffers the run uses (input and output, its own or a caller's). */
    private holdings: Holding[],
    /** The output's arena buffer, if any: handed to the caller when `output` is 'shared'. */
    private readonly outputHolding: Holding | undefined,
    private readonly owner: SharedHoldings,
  ) {}

  /**
   * Places a run: an input the caller placed in this pool's shared memory is read in place; any other
   * input is copied into a buffer of the run's own in shared mode. The output is an arena buffer in
   * shared mode or when it is to be kept shared. Throws, holding nothing, on a released input.
   */
  static place(
    owner: SharedHoldings,
    image: RawImage,
    label: string,
    transport: Transport,
    output: ResultMemory,
  ): RunMemory {
    const found = owner.lookup(image.data);
    if (found.kind === 'released') {
      throw new RangeError(
        `"${label}": its pixels are in shared memory that was given back (release()); share the image again`,
      );
    }
    const size = image.width * image.height * 4;
    const holdings: Holding[] = [];
    try {
      let input: ArenaLease | undefined;
      if (found.kind === 'held') {
        // Read by this run for as long as it runs (copy and transfer slice it strip by strip).
        owner.use(found.holding);
        holdings.push(found.holding);
        if (isLeaseStart(image.data, found.holding.lease)) input = found.holding.lease;
      }
      if (transport === 'shared' && !input) {
        const own = owner.forRun(size);
        holdings.push(own);
        input = own.lease;
      }
      let outputHolding: Holding | undefined;
      if (transport === 'shared' || output === 'shared') {
        outputHolding = owner.forRun(size);
        holdings.push(outputHolding);
      }
      const buffers = prepareBuffers(image, transport, {
        input: transport === 'shared' ? input : undefined,
        output: outputHolding?.lease,
      });
      return new RunMemory(buffers, holdings, outputHolding, owner);
    } catch (error) {
      for (const holding of holdings) owner.endUse(holding);
      throw error;
    }
  }

  /** A strip of the run was posted to a worker. */
  stripSent(): void {
    this.outstanding++;
  }

  /** A strip of the run is off its worker (answered, or its thread stopped). */
  stripGone(): void {
    this.outstanding--;
    this.releaseIfDone();
  }

  /** The run failed or was cancelled: its buffers go back once no worker can touch them. */
  settle(): void {
    this.settled = true;
    this.releaseIfDone();
  }

  /**
   * The run succeeded: hands the output to the caller (the arena buffer itself for `output: 'shared'`,
   * else a copy when it is in the arena) and settles.
   */
  finish(output: ResultMemory): HandedOutput {
    this.settled = true;
    let data = this.buffers.output;
    let release = noRelease;
    let copyMs = 0;
    const holding = this.outputHolding;
    if (holding && output === 'shared') {
      // The caller holds the buffer now: the arena counts it as lent until release().
      this.owner.hold(holding);
      release = () => this.owner.letGo(holding);
    } else if (holding) {
      // The arena lends this buffer to the next run: the caller gets its own copy.
      const copyStart = performance.now();
      data = data.slice();
      copyMs = performance.now() - copyStart;
    }
    this.releaseIfDone();
    return { data, release, copyMs };
  }

  private releaseIfDone(): void {
    if (this.holdings.length === 0 || !this.settled || this.outstanding > 0) return;
    const holdings = this.holdings;
    this.holdings = [];
    for (const holding of holdings) this.owner.endUse(holding);
  }
}
