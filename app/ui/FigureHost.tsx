import { Component, Suspense, type ReactNode } from 'react';
import { rememberFigureState } from '../figures/figure-state.ts';
import { figures } from '../figures/registry.ts';

interface Props {
  readonly name: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** A figure that throws shows its error in place; the lesson keeps working. */
class FigureBoundary extends Component<{ readonly name: string; readonly children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error !== null)
      return (
        <p className="figure-error" role="alert">
          Figure “{this.props.name}” failed: {this.state.error.message}
        </p>
      );
    return this.props.children;
  }
}

export function FigureHost({ name, options }: Props) {
  const Figure = figures[name];
  if (Figure === undefined)
    return (
      <p className="figure-error" role="alert">
        Unknown figure “{name}”. Known figures: {Object.keys(figures).join(', ') || 'none'}.
      </p>
    );
  return (
    <div className="figure" data-figure={name}>
      <FigureBoundary name={name}>
        <Suspense fallback={<p className="figure-loading">Loading figure…</p>}>
          {/* Its state is kept by its options object, the page's figure block's own: exports draw it as the student left it. */}
          <Figure options={options} onState={(state) => rememberFigureState(options, state)} />
        </Suspense>
      </FigureBoundary>
    </div>
  );
}
