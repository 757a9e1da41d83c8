// Every interactive figure a lesson can embed with ```figure NAME.
// Each is loaded only when a lesson shows it (React.lazy).
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { FigureState } from './figure-state.ts';

export interface FigureProps {
  /** The YAML options from the figure fence. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Told what the figure shows after each change (exports draw it from this: figure-state.ts). */
  readonly onState?: (state: FigureState) => void;
}

type FigureComponent = LazyExoticComponent<ComponentType<FigureProps>>;

export const figures: Readonly<Record<string, FigureComponent>> = {
  'bit-explorer': lazy(() => import('./BitExplorer.tsx')),
  'integer-ranges': lazy(() => import('./IntegerRanges.tsx')),
  'mac-walkthrough': lazy(() => import('./MacWalkthrough.tsx')),
  'linear-mapping': lazy(() => import('./LinearMapping.tsx')),
  'dynamic-range': lazy(() => import('./DynamicRange.tsx')),
  'ptq-table': lazy(() => import('./PtqTable.tsx')),
};
