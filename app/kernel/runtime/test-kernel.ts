// A kernel without a Worker, for tests: a shared scope with the output
// built-ins and a recorder of every run's outputs. Not used by the app.
import { createAsyncContext } from './async-context.ts';
import { measureHeaderOffset } from './error-location.ts';
import { CELL_PARAMETERS, executeCell, type ExecuteResult } from './executor.ts';
import { createIoBuiltins } from './io-builtins.ts';
import { createModuleImporter } from './modules.ts';
import { OutputSink } from './output-sink.ts';
import { DEFAULT_LIMITS, type OutputLimits } from '../output-limits.ts';
import type { CellOutput } from '../protocol.ts';
import { SharedScope } from './shared-scope.ts';

export interface TestRun extends ExecuteResult {
  readonly outputs: CellOutput[];
  /** How many messages the sink posted. */
  readonly batches: number;
  /** Text outputs and results, one per line, as a lesson check would compare them. */
  readonly text: string;
}

export interface TestKernel {
  readonly run: (source: string) => Promise<TestRun>;
  readonly scope: SharedScope;
}

export async function createTestKernel(
  options: { limits?: Partial<OutputLimits>; builtins?: Record<string, unknown> } = {},
): Promise<TestKernel> {
  const header = await measureHeaderOffset(CELL_PARAMETERS);
  let sink: OutputSink | null = null;
  const io = createIoBuiltins(() => sink);
  const scope = new SharedScope({ ...io, ...options.builtins });
  const importModule = createModuleImporter({
    builtins: { demo: () => ({ answer: 42, default: 'demo default' }) },
    baseUrl: 'http://localhost/',
  });
  let runs = 0;
  // Output always goes to the latest run's sink here: there is no owner to follow.
  const asyncContext = createAsyncContext<never>({ current: () => null, set: () => undefined });
  const run = async (source: string): Promise<TestRun> => {
    const outputs: CellOutput[] = [];
    let batches = 0;
    sink = new OutputSink(
      (batch) => {
        batches += 1;
        outputs.push(...batch);
      },
      { ...DEFAULT_LIMITS, ...options.limits },
    );
    runs += 1;
    const result = await executeCell(source, { scope, sink, header, importModule, asyncContext, sourceUrl: `cell-test-run${runs}.ts` });
    await sink.settle();
    const text = outputs.flatMap((o) => (o.kind === 'text' || o.kind === 'result' ? [o.text] : [])).join('\n');
    return { ...result, outputs, batches, text };
  };
  return { run, scope };
}
