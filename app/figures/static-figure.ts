// A figure's state → its static SVG (exports), one builder per figure kind. Plain TS.
import { assertNever } from '../shared/assert-never.ts';
import { bitExplorerSvg } from './bit-explorer-svg.ts';
import { dynamicRangeSvg } from './dynamic-range-svg.ts';
import type { FigureState } from './figure-state.ts';
import { integerRangesSvg } from './integer-ranges-svg.ts';
import { linearMappingSvg } from './linear-mapping-svg.ts';
import { macSvg } from './mac-svg.ts';
import { ptqSvg } from './ptq-svg.ts';
import type { StaticSvg } from './svg-writer.ts';

export type { StaticSvg } from './svg-writer.ts';

export function staticFigureSvg(state: FigureState): StaticSvg {
  switch (state.name) {
    case 'bit-explorer':
      return bitExplorerSvg(state);
    case 'integer-ranges':
      return integerRangesSvg(state);
    case 'mac-walkthrough':
      return macSvg(state);
    case 'linear-mapping':
      return linearMappingSvg(state);
    case 'dynamic-range':
      return dynamicRangeSvg(state);
    case 'ptq-table':
      return ptqSvg();
    default:
      return assertNever(state, 'figure state');
  }
}
