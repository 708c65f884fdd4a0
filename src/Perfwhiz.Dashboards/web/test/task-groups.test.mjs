// The CPU usage view of several runs: a task's rows side by side, tasks by their highest usage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupedByTask } from '../src/views/task-groups.js';

const row = (name, run, cpuPercent) => ({ task: `${name}.${run}`, name, run, cpuPercent });

test("a task's runs are side by side, the tasks by their highest usage in any run", () => {
  const usage = [row('a', 'r1', 50), row('b', 'r1', 10), row('c', 'r1', 5), row('b', 'r2', 70), row('a', 'r2', 40), row('d', 'r2', 1)];
  assert.deepEqual(groupedByTask(usage).map((u) => u.task), ['b.r1', 'b.r2', 'a.r1', 'a.r2', 'c.r1', 'd.r2']);
});

test('one run keeps the document order, ties included', () => {
  const usage = [{ task: 'x', cpuPercent: 3 }, { task: 'y', cpuPercent: 3 }, { task: 'z', cpuPercent: 1 }];
  assert.deepEqual(groupedByTask(usage).map((u) => u.task), ['x', 'y', 'z']);
});
