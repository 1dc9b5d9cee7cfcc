/**
 * The pool's queue of strips waiting for a worker.
 *
 * Why a type of its own: the scheduler needs more than push and shift. Strips that a dead or stopped
 * worker never started go back to the head (they were next, and must not wait behind strips queued
 * after them), a strip retried after a crash goes there too, and a cancelled or failed run takes all of
 * its strips out at once. Keeping those moves here keeps the order rules in one place, tested alone.
 * It holds a few dozen strips at a time (about four per worker for each image in flight), so a plain
 * array, shifted at the head, is fast enough.
 */
export class TaskQueue<T> {
  private tasks: T[] = [];

  /** Tasks waiting. */
  get size(): number {
    return this.tasks.length;
  }

  isEmpty(): boolean {
    return this.tasks.length === 0;
  }

  /** Queues a task behind every waiting one. */
  push(task: T): void {
    this.tasks.push(task);
  }

  /** Puts tasks at the head, ahead of every waiting one, keeping their own order. */
  pushFront(tasks: readonly T[]): void {
    this.tasks.unshift(...tasks);
  }

  /** Takes the task at the head; undefined when none waits. */
  take(): T | undefined {
    return this.tasks.shift();
  }

  /** Drops every waiting task `matches` picks (say, all of a cancelled run's); returns how many. */
  removeWhere(matches: (task: T) => boolean): number {
    const before = this.tasks.length;
    this.tasks = this.tasks.filter((task) => !matches(task));
    return before - this.tasks.length;
  }

  /** Drops every waiting task. */
  clear(): void {
    this.tasks = [];
  }
}
