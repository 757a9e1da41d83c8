// What a loaded captioner is: its toString() (transformers-style for a Hub checkpoint), footprint, parameters.
import type { CaptionModelInfo } from './caption-protocol.ts';
import { mb } from './format.ts';

export const footprintText = (bytes: number): string => `${bytes.toLocaleString('en')} bytes (${mb(bytes)})`;

export function CaptionerSummary({ info }: { readonly info: CaptionModelInfo }) {
  return (
    <div className="lab-summary">
      <dl>
        <dt>Model</dt>
        <dd>
          <code>{info.summary}</code>
        </dd>
        <dt>Footprint</dt>
        <dd data-testid={`footprint-${info.key}`}>{footprintText(info.footprint)}</dd>
        <dt>Parameters</dt>
        <dd>{info.parameters.toLocaleString('en')}</dd>
      </dl>
    </div>
  );
}
