// Observable Plot in the worker. There is no DOM in a worker, so figures are
// drawn into linkedom's document and sent to the page as outerHTML (which
// the page sanitises). Both libraries are large: they load on first use only
// (a cell that references `Plot`, or imports "@observablehq/plot").

import { rememberFigureData } from './figure-data.ts';

export type PlotModule = typeof import('@observablehq/plot');

let loading: Promise<PlotModule> | undefined;

export function loadPlot(): Promise<PlotModule> {
  loading ??= createWorkerPlot();
  return loading;
}

async function createWorkerPlot(): Promise<PlotModule> {
  const [Plot, { parseHTML }] = await Promise.all([import('@observablehq/plot'), import('linkedom/worker')]);
  const { document: workerDocument } = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>');
  // linkedom implements the part of the DOM that Plot uses; its types are its own.
  const document = workerDocument as unknown as Document;
  const plot: PlotModule['plot'] = (options = {}) => {
    const figure = Plot.plot({ document, ...options });
    rememberFigureData(figure, options.marks);
    return figure;
  };
  // legend() accepts `document` at run time; its option type does not list it.
  const withDocument = { document };
  const legend: PlotModule['legend'] = (options = {}) => Plot.legend({ ...withDocument, ...options });
  // `Plot.dot(data).plot()` calls Plot's own plot(), not ours: give it the document too.
  const markPlot = Plot.Mark.prototype.plot;
  Plot.Mark.prototype.plot = function (options = {}) {
    const figure = markPlot.call(this, { document, ...options });
    rememberFigureData(figure, [this, ...(options.marks ?? [])]);
    return figure;
  };
  return Object.freeze({ ...Plot, plot, legend });
}
