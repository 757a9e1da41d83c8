// ```figure dynamic-range  (options: outlier: 20, seed: 0, channel: 1, symmetric: false)
// "Dynamic range costs precision": one outlier stretches the int8 grid; per-channel
// quantization confines the damage to the outlier's channel.
import { useMemo, useState } from 'react';
import { pyFloatRepr } from '../torch/pystr.ts';
import type { FigureProps } from './registry.ts';
import { CHANNELS, PER_CHANNEL, type Measured, measure, seededTensor, sweep, withOutlier } from './dynamic.ts';
import { histogramPlot, sweepPlot } from './dynamic-plots.ts';
import { approx, dB } from './format.ts';
import { dynamicDefaults } from './figure-state.ts';
import { Choice, FigureFrame, PlotView, Slider, Summary, useReportState } from './ui.tsx';

const SWEEP = [1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100];
const NAMES = { tensor: 'per tensor', channel: 'per channel' } as const;

function Row({ m }: { readonly m: Measured }) {
  const cell = (x: number) => (
    <td className="qfig-mono" title={pyFloatRepr(x)}>
      {approx(x)}
    </td>
  );
  return (
    <tr data-scheme={m.scheme}>
      <th scope="row">{NAMES[m.scheme]}</th>
      <td className="qfig-mono">{Array.from(m.params.scales, (s) => approx(s)).join(', ')}</td>
      {cell(m.all.mse)}
      <td className="qfig-mono" data-testid={`snr-${m.scheme}`}>
        {dB(m.all.snrDb)}
      </td>
      {cell(m.ordinary.mse)}
      <td className="qfig-mono" data-testid={`snr-ordinary-${m.scheme}`}>
        {dB(m.ordinary.snrDb)}
      </td>
      {cell(m.all.maxAbsError)}
    </tr>
  );
}

export default function DynamicRange({ options, onState }: FigureProps) {
  const [start] = useState(() => dynamicDefaults(options));
  const seed = start.seed;
  const [outlier, setOutlier] = useState(start.outlier);
  const [channel, setChannel] = useState(String(start.channel));
  const [symmetric, setSymmetric] = useState(start.symmetric);
  useReportState(onState, { name: 'dynamic-range', seed, outlier, channel: Number(channel), symmetric });
  const base = useMemo(() => seededTensor(seed), [seed]);
  const data = useMemo(() => withOutlier(base, outlier), [base, outlier]);
  const tensor = useMemo(() => measure(data, 'tensor', symmetric), [data, symmetric]);
  const perChannel = useMemo(() => measure(data, 'channel', symmetric), [data, symmetric]);
  const points = useMemo(() => sweep(base, SWEEP, symmetric), [base, symmetric]);
  const c = Number(channel);
  const plots = useMemo(
    () => ({
      tensor: histogramPlot(data, c, tensor, outlier),
      channel: histogramPlot(data, c, perChannel, outlier),
      sweep: sweepPlot(points, outlier),
    }),
    [data, c, tensor, perChannel, points, outlier],
  );

  return (
    <FigureFrame
      name="dynamic-range"
      caption={
        <>
          <strong>Dynamic range costs precision.</strong> <code>torch.manual_seed({seed}); torch.randn(4, 256)</code> with element [0, 0]
          replaced by an outlier. int8 has 256 levels; spread over a wider range they sit further apart, so every ordinary value is rounded
          more coarsely. Per-channel quantization gives each row its own scale, so only channel 0 pays. Vertical lines are the values int8
          can give back (r′ = s (q − z)); numbers are rounded to 4 digits (hover for all).
        </>
      }
    >
      <div className="qfig-controls">
        <Slider label="outlier value" value={outlier} min={1} max={100} step={1} onChange={setOutlier} />
        <Choice
          legend="histogram of channel"
          value={channel}
          onChange={setChannel}
          options={Array.from({ length: CHANNELS }, (_, i) => [String(i), `${i}${i === 0 ? ' (has the outlier)' : ''}`] as const)}
        />
        <Choice
          legend="scheme"
          value={symmetric ? 'symmetric' : 'affine'}
          onChange={(v) => setSymmetric(v === 'symmetric')}
          options={[
            ['affine', 'asymmetric (min/max)'],
            ['symmetric', 'symmetric (z = 0)'],
          ]}
        />
      </div>
      <div className="qfig-columns">
        <div>
          <h3>Per tensor: one scale for all {CHANNELS * PER_CHANNEL} values</h3>
          <PlotView options={plots.tensor} label={`Histogram of channel ${c} with the per-tensor int8 levels`} />
        </div>
        <div>
          <h3>Per channel: channel {c} has its own scale</h3>
          <PlotView options={plots.channel} label={`Histogram of channel ${c} with its per-channel int8 levels`} />
        </div>
      </div>
      <table className="qfig-table">
        <caption>int8 round-trip error with the outlier at {outlier}</caption>
        <thead>
          <tr>
            <th scope="col">scheme</th>
            <th scope="col">scale(s)</th>
            <th scope="col">MSE, all</th>
            <th scope="col">SNR, all</th>
            <th scope="col">MSE, without the outlier</th>
            <th scope="col">SNR, without the outlier</th>
            <th scope="col">max |error|</th>
          </tr>
        </thead>
        <tbody>
          <Row m={tensor} />
          <Row m={perChannel} />
        </tbody>
      </table>
      <PlotView
        options={plots.sweep}
        label="SNR in dB against the outlier value, per tensor and per channel; values are in the table for the current outlier"
      />
      <Summary>
        Outlier {outlier}: SNR per tensor {dB(tensor.all.snrDb)}, per channel {dB(perChannel.all.snrDb)}; without the outlier itself{' '}
        {dB(tensor.ordinary.snrDb)} vs {dB(perChannel.ordinary.snrDb)}.
      </Summary>
    </FigureFrame>
  );
}
