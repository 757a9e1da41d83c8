// Entry of speaker.html. Deliberately small: no notebook store, no kernel, no models — the
// speaker view only shows what the presenter's window sends and sends back "go" requests.
import '../ui/styles.css';
import '../ui/theme.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyTheme, loadTheme } from '../ui/theme.ts';
import { SpeakerView } from './SpeakerView.tsx';

const storage = (() => {
  try {
    return localStorage;
  } catch {
    return null;
  }
})();
if (storage !== null) applyTheme(document.documentElement, loadTheme(storage));
const root = document.getElementById('root');
if (root === null) throw new Error('speaker.html has no #root');
createRoot(root).render(
  <StrictMode>
    <SpeakerView />
  </StrictMode>,
);
