import { ClearOutputsIcon } from './icons.tsx';
import { useNotebook } from './notebook-context.ts';

// "Kernel " is said in full to screen readers and on wide screens; a narrow header shows the state alone (styles.css).
const statusWord = { starting: 'starting…', idle: 'idle', busy: 'busy', restarting: 'restarting…' } as const;

export function Toolbar() {
  const status = useNotebook((s) => s.kernelStatus);
  const runAll = useNotebook((s) => s.runAll);
  const interrupt = useNotebook((s) => s.interrupt);
  const restart = useNotebook((s) => s.restartKernel);
  const resetLesson = useNotebook((s) => s.resetLesson);
  const clearAllOutputs = useNotebook((s) => s.clearAllOutputs);
  // With no cell running, Interrupt cancels the timers cells left pending (app/kernel/runtime/cell-callbacks.ts).
  const canInterrupt = status === 'idle' || status === 'busy';
  return (
    <div className="toolbar" role="toolbar" aria-label="Notebook">
      <button
        type="button"
        aria-label="Run all"
        title="Run all cells (Ctrl-Shift-Enter)"
        aria-keyshortcuts="Control+Shift+Enter"
        onClick={runAll}
      >
        ▶▶ Run all
      </button>
      <button
        type="button"
        aria-label="Interrupt"
        title="Interrupt the running cell, or stop pending timers (Alt-Shift-I)"
        aria-keyshortcuts="Alt+Shift+I"
        onClick={interrupt}
        disabled={!canInterrupt}
      >
        ■ Interrupt
      </button>
      <button
        type="button"
        aria-label="Restart kernel"
        title="Restart the kernel: forget all definitions (Alt-Shift-R)"
        aria-keyshortcuts="Alt+Shift+R"
        onClick={restart}
      >
        ⟳ Restart<span className="wide-only"> kernel</span>
      </button>
      <button
        type="button"
        aria-label="Clear all outputs"
        title="Clear all outputs: every cell's output and [n] (your code stays)"
        onClick={() => clearAllOutputs()}
      >
        <ClearOutputsIcon />
        <span className="wide-only"> Clear all outputs</span>
      </button>
      <button
        type="button"
        aria-label="Reset lesson"
        title="Reset lesson: discard all your edits and outputs (Alt-Shift-L)"
        aria-keyshortcuts="Alt+Shift+L"
        onClick={() => {
          if (window.confirm('Discard all your edits in this lesson and go back to its original code?')) resetLesson();
        }}
      >
        ⌫ Reset<span className="wide-only"> lesson</span>
      </button>
      <span className={`kernel-status kernel-${status}`} role="status" aria-live="polite" data-kernel-status={status}>
        <span className="kernel-word">Kernel </span>
        {statusWord[status]}
      </span>
    </div>
  );
}
