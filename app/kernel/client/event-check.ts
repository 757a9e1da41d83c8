// Page side: the shape check of every message that arrives from a kernel
// worker. What does not match the protocol (protocol.ts) is dropped; outputs
// are cleaned by output-check.ts; model-file calls are checked by the page's
// model-file host (app/offline/model-bridge-check.ts), so they pass through
// here as data. Whether an event belongs to the run in flight (its id and
// nonce) is the client's check (kernel-client.ts).
import { cellId, ms, runId, type CellId, type RunId } from '../../shared/brand.ts';
import { checkOutput } from './output-check.ts';
import { MAX_PICK_LABEL } from '../pick-check.ts';
import type { CellOutput, KernelEvent } from '../protocol.ts';

/** An event as the page acts on it: model-file calls still unchecked (their host checks them). */
export type PageEvent = Exclude<KernelEvent, { readonly type: 'model-files' }> | { readonly type: 'model-files'; readonly call: unknown };

const MAX_ID = 200;
const MAX_NAMES = 100_000;
const MAX_BATCH = 10_000;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isRunId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
const isShortString = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;
const stringList = (value: unknown, max: number): string[] | null =>
  Array.isArray(value) && value.length <= max && value.every((v) => typeof v === 'string' && v.length <= MAX_ID) ? value.map(String) : null;

interface RunFields {
  readonly runId: RunId;
  readonly cellId: CellId;
  readonly nonce: string;
}

function runFields(data: Record<string, unknown>): RunFields | null {
  const { runId: id, cellId: cell, nonce } = data;
  return isRunId(id) && isShortString(cell) && isShortString(nonce) ? { runId: runId(id), cellId: cellId(cell), nonce } : null;
}

/** The event, if `data` is one the protocol has; null otherwise. */
export function checkKernelEvent(data: unknown): PageEvent | null {
  if (!isRecord(data)) return null;
  switch (data['type']) {
    case 'ready': {
      const builtins = stringList(data['builtins'], MAX_NAMES);
      return builtins === null ? null : { type: 'ready', builtins };
    }
    case 'names': {
      const names = stringList(data['names'], MAX_NAMES);
      return names === null || !isRunId(data['runId']) ? null : { type: 'names', runId: runId(data['runId']), names };
    }
    case 'started': {
      const run = runFields(data);
      return run === null ? null : { type: 'started', ...run };
    }
    case 'outputs': {
      const run = runFields(data);
      const outputs = data['outputs'];
      if (run === null || !Array.isArray(outputs) || outputs.length > MAX_BATCH) return null;
      const checked: CellOutput[] = outputs.map(checkOutput);
      return { type: 'outputs', ...run, outputs: checked };
    }
    case 'done': {
      const run = runFields(data);
      const { ok, duration } = data;
      if (run === null || typeof ok !== 'boolean' || typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0)
        return null;
      return { type: 'done', ...run, ok, duration: ms(duration) };
    }
    case 'closed':
      return { type: 'closed' };
    case 'model-files':
      return { type: 'model-files', call: data['call'] };
    case 'pick-image': {
      const run = runFields(data);
      const { id, label } = data;
      if (run === null || !isRunId(id) || typeof label !== 'string' || label.length > MAX_PICK_LABEL) return null;
      return { type: 'pick-image', ...run, id, label };
    }
    default:
      return null;
  }
}
