// Every interactive figure a lesson can embed with ```figure NAME.
// Each is loaded only when a lesson shows it (React.lazy).
import type { ComponentType, LazyExoticComponent } from 'react';

export interface FigureProps {
  /** The YAML options from the figure fence. */
  readonly options: Readonly<Record<string, unknown>>;
}

type FigureComponent = LazyExoticComponent<ComponentType<FigureProps>>;

export const figures: Readonly<Record<string, FigureComponent>> = {
  // One entry per figure, e.g. 'bit-explorer': lazy(() => import('./BitExplorer.tsx')),
};
