// Where the variants run: Auto (WebGPU when the lab worker has an adapter, else WASM), WASM,
// or WebGPU, which is disabled with the worker's reason when there is no adapter.
import type { Dispatch } from 'react';
import type { LabAction, LabState } from './lab-state.ts';
import type { BackendChoice, WebgpuStatus } from './protocol.ts';

// Not imported from app/models/ort.ts: this page chunk must not pull in the runtime loader.
const CHOICES: readonly BackendChoice[] = ['auto', 'wasm', 'webgpu'];
export const BACKEND_LABELS: Readonly<Record<BackendChoice, string>> = { auto: 'Auto', wasm: 'WASM (CPU)', webgpu: 'WebGPU' };

export function webgpuText(status: WebgpuStatus | null): string {
  if (status === null) return 'Checking for WebGPU…';
  return status.available
    ? `WebGPU adapter: ${status.adapter}. Auto uses WebGPU.`
    : `WebGPU unavailable: ${status.reason}. Auto uses WASM.`;
}

export function BackendPicker({
  state,
  dispatch,
  disabled,
}: {
  readonly state: LabState;
  readonly dispatch: Dispatch<LabAction>;
  readonly disabled: boolean;
}) {
  const gpuOff = state.webgpu === null || !state.webgpu.available;
  return (
    <fieldset className="lab-modes lab-backend" aria-describedby="lab-webgpu-status">
      <legend>Backend</legend>
      {CHOICES.map((b) => (
        <label key={b}>
          <input
            type="radio"
            name="lab-backend"
            value={b}
            checked={state.backend === b}
            disabled={disabled || (b === 'webgpu' && gpuOff)}
            onChange={() => dispatch({ type: 'backend', choice: b })}
          />
          {BACKEND_LABELS[b]}
        </label>
      ))}
      <span id="lab-webgpu-status" className="lab-hint" data-testid="lab-webgpu-status">
        {webgpuText(state.webgpu)}
      </span>
    </fieldset>
  );
}
