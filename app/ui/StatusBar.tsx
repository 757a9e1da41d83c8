import { useEffect, useState } from 'react';
import './status-bar.css';
import { isIsolated, offlineState, onOfflineState, type OfflineState } from '../offline/register.ts';
import { kernelProcess, onKernelProcess, type KernelProcessState } from '../kernel/frame/kernel-process.ts';

const kernelText: Readonly<Record<KernelProcessState, { text: string; title: string }>> = {
  starting: { text: 'Kernel: starting', title: 'The kernel is starting' },
  'own process': {
    text: 'Kernel: own process',
    title: 'Cells run in a process of their own: a cell that uses up its memory restarts the kernel, and the page keeps working',
  },
  'page process': {
    text: 'Kernel: page process',
    title:
      "Cells run in the page's process (no second site to host the kernel, see README, Deploying): a cell that uses up the JavaScript heap can crash the tab; edits are saved",
  },
};

const offlineText: Readonly<Record<OfflineState, string>> = {
  unsupported: 'Offline: not available here',
  preparing: 'Offline: saving the app…',
  ready: 'Offline: ready',
  failed: 'Offline: could not save the app',
};

/** What to say while the browser has no connection: "saving the app…" cannot progress then. */
const noConnectionText: Readonly<Record<OfflineState, string>> = {
  unsupported: 'No connection: this copy of the app is not saved for offline use',
  preparing: 'No connection: the app was not fully saved for offline use; it will be when you are back online',
  ready: 'Working offline',
  failed: 'No connection: the app could not be saved for offline use',
};

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/** Says whether WebAssembly threads are on (cross-origin isolation), where the kernel runs, and whether the app works offline. */
export function StatusBar() {
  const [offline, setOffline] = useState<OfflineState>(offlineState);
  useEffect(() => onOfflineState(setOffline), []);
  const [kernel, setKernel] = useState<KernelProcessState>(kernelProcess);
  useEffect(() => onKernelProcess(setKernel), []);
  const online = useOnline();
  const threads = isIsolated() && typeof SharedArrayBuffer === 'function';
  return (
    <footer className="status-bar" aria-label="Status">
      <span
        data-testid="threads-status"
        title={
          threads
            ? 'The page is cross-origin isolated: the inference runtime may use WebAssembly threads'
            : 'The page is not cross-origin isolated (see README, Deploying): models run on one thread'
        }
      >
        Threads: {threads ? 'on' : 'off'}
      </span>
      <span data-testid="kernel-process" data-state={kernel} title={kernelText[kernel].title}>
        {kernelText[kernel].text}
      </span>
      <span data-testid="offline-status" data-state={offline} data-online={online ? 'true' : 'false'}>
        {online ? offlineText[offline] : noConnectionText[offline]}
      </span>
    </footer>
  );
}
