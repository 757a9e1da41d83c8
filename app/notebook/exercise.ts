// Exercises: the hidden ```check code runs after the student's cell, in the
// same kernel scope, and reports through `check.*` lines (✓ / ✗). Progress
// (attempted / done) is saved per lesson; a done exercise stays done.
import type { CellOutput } from '../kernel/protocol.ts';
import type { CellId, LessonId } from '../shared/brand.ts';
import type { KeyValueStorage } from './persistence.ts';

export interface CheckResult {
  readonly passed: boolean;
  readonly message: string;
}

export type ExerciseStatus = 'untried' | 'checking' | 'passed' | 'failed';

export interface ExerciseRuntime {
  readonly status: ExerciseStatus;
  readonly results: readonly CheckResult[];
  readonly hintsShown: number;
}

export const untriedExercise: ExerciseRuntime = { status: 'untried', results: [], hintsShown: 0 };

export type Progress = 'attempted' | 'done';

/** The check code as one kernel run: `output` is what the student's cell printed. */
export function wrapCheck(checkCode: string, cellOutput: string): string {
  return `await (async (output: string) => {\n${checkCode}\n})(${JSON.stringify(cellOutput)})`;
}

export function readCheckOutputs(outputs: readonly CellOutput[]): { passed: boolean; results: CheckResult[] } {
  const results: CheckResult[] = [];
  let errored = false;
  for (const o of outputs) {
    if (o.kind === 'text') {
      for (const line of o.text.split('\n')) {
        if (line.startsWith('✓ ')) results.push({ passed: true, message: line.slice(2) });
        else if (line.startsWith('✗ ')) results.push({ passed: false, message: line.slice(2) });
      }
    } else if (o.kind === 'error') {
      errored = true;
      const hint = o.name === 'ReferenceError' ? ' (did your cell define it?)' : '';
      results.push({ passed: false, message: `the checks stopped: ${o.name}: ${o.message}${hint}` });
    }
  }
  const passed = !errored && results.length > 0 && results.every((r) => r.passed);
  return { passed, results };
}

const progressKey = (lesson: LessonId): string => `qlab:progress:${lesson}`;

export function loadProgress(storage: KeyValueStorage, lesson: LessonId): Record<CellId, Progress> {
  try {
    const raw: unknown = JSON.parse(storage.getItem(progressKey(lesson)) ?? '{}');
    if (typeof raw !== 'object' || raw === null) return {};
    const out: Record<string, Progress> = {};
    for (const [k, v] of Object.entries(raw)) if (v === 'attempted' || v === 'done') out[k] = v;
    return out;
  } catch {
    return {};
  }
}

export function saveProgress(storage: KeyValueStorage, lesson: LessonId, progress: Readonly<Record<CellId, Progress>>): void {
  storage.setItem(progressKey(lesson), JSON.stringify(progress));
}
