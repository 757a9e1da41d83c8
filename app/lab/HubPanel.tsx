// "Load from the Hugging Face Hub": a BLIP checkpoint by repo id (revision, endpoint — a school
// server in the Hub's layout — and dtype), or the files/folder the student picks; a progress bar
// with MB done / total and time left, Cancel, the errors from_pretrained gives (HubError: not
// found, gated, unreachable, cut off; not a BLIP), and the loaded model's summary.
import type { Dispatch } from 'react';
import { HUB_DTYPES, type CaptionModelSource, type HubDtype } from './caption-protocol.ts';
import { downloadStatus, durationText, type CaptionAction, type CaptionState } from './caption-state.ts';
import { CaptionerSummary } from './CaptionerSummary.tsx';

interface Props {
  readonly state: CaptionState;
  readonly dispatch: Dispatch<CaptionAction>;
  readonly onLoad: (source: Exclude<CaptionModelSource, { kind: 'tiny' }>) => void;
  readonly onCancel: () => void;
}

const isHubDtype = (v: string): v is HubDtype => (HUB_DTYPES as readonly string[]).includes(v);

export function HubPanel({ state, dispatch, onLoad, onCancel }: Props) {
  const { form, hub } = state;
  const busy = hub.status === 'busy';
  const picked = (list: FileList | null): void => {
    const files = list === null ? [] : [...list];
    if (files.length > 0) onLoad({ kind: 'picked', files, dtype: form.dtype });
  };
  return (
    <section className="lab-section" aria-labelledby="lab-hub-h">
      <h2 id="lab-hub-h">Load from the Hugging Face Hub</h2>
      <p className="lab-hint">
        Any <code>BlipForConditionalGeneration</code> checkpoint, read in this tab from the Hub’s own files as{' '}
        <code>models.from_pretrained</code> does (<code>model.safetensors</code>, else <code>pytorch_model.bin</code>); kept in this browser
        for offline use. The real blip-image-captioning-base is about 990 MB in float32.
      </p>
      <form
        className="lab-hub-form"
        onSubmit={(e) => {
          e.preventDefault();
          onLoad({ kind: 'hub', ...form });
        }}
      >
        <label>
          Repo id{' '}
          <input
            value={form.repo}
            size={38}
            spellCheck={false}
            disabled={busy}
            onChange={(e) => dispatch({ type: 'form', form: { repo: e.target.value } })}
          />
        </label>
        <label>
          Revision{' '}
          <input
            value={form.revision}
            size={10}
            spellCheck={false}
            disabled={busy}
            onChange={(e) => dispatch({ type: 'form', form: { revision: e.target.value } })}
          />
        </label>
        <label>
          Endpoint{' '}
          <input
            type="url"
            value={form.endpoint}
            size={30}
            spellCheck={false}
            disabled={busy}
            onChange={(e) => dispatch({ type: 'form', form: { endpoint: e.target.value } })}
          />
        </label>
        <label>
          dtype{' '}
          <select
            value={form.dtype}
            disabled={busy}
            onChange={(e) => isHubDtype(e.target.value) && dispatch({ type: 'form', form: { dtype: e.target.value } })}
          >
            {HUB_DTYPES.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="lab-run" disabled={busy || form.repo.trim() === ''}>
          Load
        </button>
        {busy && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </form>
      <div className="lab-row">
        <label className="lab-file">
          Or pick the files{' '}
          <input
            type="file"
            multiple
            disabled={busy}
            onChange={(e) => {
              picked(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
        <label className="lab-file">
          or the folder {/* webkitdirectory is not in React's types; set on the element itself. */}
          <input
            type="file"
            disabled={busy}
            ref={(el) => el?.setAttribute('webkitdirectory', '')}
            onChange={(e) => {
              picked(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
        <span className="lab-hint">of a checkpoint on this computer (config.json, the weights, the tokenizer and preprocessor files).</span>
      </div>
      {hub.status === 'busy' && <HubProgress what={hub.what} progress={hub.progress} />}
      {hub.status === 'error' && (
        <p className="lab-error" role="alert">
          {hub.message}
        </p>
      )}
      {hub.status === 'done' && <CaptionerSummary info={hub.info} />}
    </section>
  );
}

function HubProgress({
  what,
  progress,
}: {
  readonly what: string;
  readonly progress: Extract<CaptionState['hub'], { status: 'busy' }>['progress'];
}) {
  const { text, secondsLeft } = downloadStatus(progress);
  const total = progress.total;
  return (
    <div className="lab-progress">
      {total !== null && total > 0 ? (
        <progress aria-label="Hub download" max={total} value={Math.min(progress.done, total)} />
      ) : (
        <progress aria-label="Hub download" />
      )}
      <span role="status" aria-live="polite">
        {progress.label === 'Downloading'
          ? `Downloading ${what}: ${text}${secondsLeft === null ? '' : `, about ${durationText(secondsLeft)} left`}`
          : `${what}: ${progress.label}…`}
      </span>
    </div>
  );
}
