import { useEffect, useState } from 'react';
import './offline.css';
import { isIsolated, offlineState, onOfflineState, type OfflineState } from './register.ts';

const offlineText: Readonly<Record<OfflineState, string>> = {
  unsupported: 'Offline: not available here',
  preparing: 'Offline: saving the app…',
  ready: 'Offline: ready',
  failed: 'Offline: could not save the app',
};

/** Says whether WebAssembly threads are on (cross-origin isolation) and whether the app works offline. */
export function StatusBar() {
  const [offline, setOffline] = useState<OfflineState>(offlineState);
  useEffect(() => onOfflineState(setOffline), []);
  const threads = isIsolated() && typeof SharedArrayBuffer === 'function';
  return (
    <footer className="status-bar" aria-label="Status">
      <span data-testid="threads-status" title={threads ? 'The page is cross-origin isolated: the inference runtime may use WebAssembly threads' : 'The page is not cross-origin isolated (see README, Deploying): models run on one thread'}>
        Threads: {threads ? 'on' : 'off'}
      </span>
      <span data-testid="offline-status" data-state={offline}>{offlineText[offline]}</span>
    </footer>
  );
}
