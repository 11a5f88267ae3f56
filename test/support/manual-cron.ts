import type { TaskFn, TaskOptions } from 'node-cron';
import type { CronTaskFactory } from '../../src/jobs/scheduler.ts';

/** What became of one task's slot: run, refused by the run coordinator, or not fired at all. */
export type FireOutcome = 'ran' | 'not-elected' | 'coordinator-error' | 'overlap' | 'not-started';

interface ManualTask {
  name: string;
  run: TaskFn;
  options: TaskOptions;
  started: boolean;
  destroyed: boolean;
  busy: boolean;
}

/**
 * A cron task factory for `JobScheduler` whose slots fire when the test says so, not when the clock
 * reaches them. A fired slot goes the way node-cron 4 takes a due slot (its Runner: overlap check,
 * then `runCoordinated`): a distributed task asks `shouldRun('<name>:<slot ISO>', distributedLease)`,
 * runs only on yes, and calls `onComplete(key)` after the run; a coordinator that throws skips the
 * slot. test/jobs/scheduler.test.ts keeps one test on real node-cron to hold this to the original.
 */
export class ManualCron {
  private readonly tasks: ManualTask[] = [];

  readonly createTask: CronTaskFactory = (_schedule, run, options) => {
    const task: ManualTask = { name: options.name ?? '', run, options, started: false, destroyed: false, busy: false };
    this.tasks.push(task);
    return {
      start: () => {
        if (!task.destroyed) task.started = true;
      },
      destroy: () => {
        task.destroyed = true;
        task.started = false;
      },
    };
  };

  /**
   * Fires `slot` on every task named `name` at once (several schedulers: several instances ticking
   * in the same second) and resolves, once all are done, with each task's outcome in creation order.
   */
  fire(name: string, slot: Date): Promise<FireOutcome[]> {
    const tasks = this.tasks.filter((t) => t.name === name);
    if (!tasks.length) throw new Error(`no cron task named "${name}" was created`);
    return Promise.all(tasks.map((task) => this.fireTask(task, slot)));
  }

  private async fireTask(task: ManualTask, slot: Date): Promise<FireOutcome> {
    if (!task.started) return 'not-started';
    if (task.busy && task.options.noOverlap) return 'overlap';
    task.busy = true;
    try {
      const coordinator = task.options.distributed ? task.options.runCoordinator : undefined;
      const key = `${task.name}:${slot.toISOString()}`;
      if (coordinator) {
        let allowed: boolean;
        try {
          allowed = await coordinator.shouldRun(key, task.options.distributedLease ?? 30_000);
        } catch {
          return 'coordinator-error';
        }
        if (!allowed) return 'not-elected';
      }
      try {
        await task.run({ date: slot, dateLocalIso: slot.toISOString(), triggeredAt: slot });
      } finally {
        await coordinator?.onComplete?.(key);
      }
      return 'ran';
    } finally {
      task.busy = false;
    }
  }
}
