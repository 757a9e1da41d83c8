// The built-ins that produce output: print, console, display, sleep. They
// write to whichever run the kernel currently attributes output to (the
// running cell, or the most recent one once it finished), so they are
// created once and handed a way to find that run's sink.
import { displayValue } from './display.ts';
import { formatPrintArg } from './format-value.ts';
import type { OutputSink } from './output-sink.ts';

export type CurrentSink = () => OutputSink | null;

export interface Display {
  (value: unknown): void;
  markdown(text: string): void;
}

export interface IoBuiltins {
  readonly print: (...values: unknown[]) => void;
  readonly console: Console;
  readonly display: Display;
  readonly sleep: (ms: number) => Promise<void>;
}

export function createIoBuiltins(currentSink: CurrentSink): IoBuiltins {
  const write = (stream: 'stdout' | 'stderr', values: readonly unknown[]): void => {
    const sink = currentSink();
    // Skip formatting once output is truncated: a loop may print millions of times.
    if (sink === null || sink.truncated) return;
    sink.text(stream, values.map(formatPrintArg).join(' '));
  };
  const print = (...values: unknown[]): void => write('stdout', values);

  const display: Display = Object.assign(
    (value: unknown): void => {
      const sink = currentSink();
      if (sink === null) return;
      const shown = displayValue(value);
      if (shown.kind === 'text') sink.text('stdout', shown.text);
      else if (shown.kind === 'later') sink.addLater(shown.output);
      else for (const output of shown.outputs) sink.add(output);
    },
    {
      markdown: (text: string): void => {
        currentSink()?.add({ kind: 'markdown', markdown: String(text) });
      },
    },
  );

  const counts = new Map<string, number>();
  const timers = new Map<string, number>();
  const cellConsole: Console = {
    ...console,
    log: print,
    info: print,
    debug: print,
    dir: (value: unknown) => print(value),
    warn: (...values: unknown[]) => write('stderr', values),
    error: (...values: unknown[]) => write('stderr', values),
    trace: (...values: unknown[]) => write('stderr', ['Trace:', ...values]),
    assert: (condition?: boolean, ...values: unknown[]) => {
      if (!condition) write('stderr', ['Assertion failed' + (values.length > 0 ? ':' : ''), ...values]);
    },
    table: (data: unknown) => display(data),
    count: (label = 'default') => {
      const count = (counts.get(label) ?? 0) + 1;
      counts.set(label, count);
      print(`${label}: ${count}`);
    },
    countReset: (label = 'default') => void counts.delete(label),
    time: (label = 'default') => void timers.set(label, performance.now()),
    timeLog: (label = 'default', ...values: unknown[]) => printElapsed(label, values, false),
    timeEnd: (label = 'default') => printElapsed(label, [], true),
  };
  function printElapsed(label: string, values: readonly unknown[], end: boolean): void {
    const start = timers.get(label);
    if (start === undefined) {
      write('stderr', [`Timer '${label}' does not exist`]);
      return;
    }
    if (end) timers.delete(label);
    print(`${label}: ${(performance.now() - start).toFixed(3)}ms`, ...values);
  }

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  return { print, console: cellConsole, display, sleep };
}
