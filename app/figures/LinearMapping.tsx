// ```figure linear-mapping  (options: rmin: -1.5, rmax: 2.5, bits: 8, signed: false, r: 0.7)
// The chapter's Fig. 14.1, live: q = clamp(round(r / s) + z, qmin, qmax), r' = s (q - z).
import { useMemo, useState } from 'react';
import { pyFloatRepr } from '../torch/pystr.ts';
import type { FigureProps } from './registry.ts';
import { BIT_WIDTHS, R_DOMAIN, type BitWidth, levels, mapPoint, mapping, snapToStep as snap, toBitWidth } from './linear.ts';
import { LinearMappingSvg } from './LinearMappingSvg.tsx';
import { linearDefaults } from './figure-state.ts';
import { Choice, FigureFrame, Slider, Summary, useReportState } from './ui.tsx';

const STEP = 0.01;
const f = pyFloatRepr;

export default function LinearMapping({ options, onState }: FigureProps) {
  const [start] = useState(() => linearDefaults(options));
  const [rmin, setRmin] = useState(start.rmin);
  const [rmax, setRmax] = useState(start.rmax);
  const [bits, setBits] = useState<BitWidth>(start.bits);
  const [signed, setSigned] = useState(start.signed);
  const [r, setR] = useState(start.r);
  useReportState(onState, { name: 'linear-mapping', rmin, rmax, bits, signed, r });
  const m = useMemo(() => mapping(rmin, rmax, bits, signed), [rmin, rmax, bits, signed]);
  const grid = useMemo(() => levels(m), [m]);
  const point = mapPoint(r, m, grid);
  const summary =
    `s = ${f(m.scale)}, z = ${m.zeroPoint}; r = ${f(r)} → q = ${point.q} → r′ = ${f(point.dequantized)}, error ${f(point.error)}` +
    (point.clamped ? ' (clamped)' : '');

  return (
    <FigureFrame
      name="linear-mapping"
      caption={
        <>
          <strong>Linear quantization maps a float range onto integers</strong> (chapter Fig. 14.1). The range [rmin, rmax] (widened to
          include 0, as PyTorch does) is spread over [qmin, qmax]: scale s = (rmax − rmin) / (qmax − qmin), zero point z = qmin − round(rmin
          / s), so r = 0 lands exactly on q = z. A value r becomes q = clamp(round(r / s) + z) and comes back as r′ = s (q − z). Ticks above
          the r axis are all values r′ can take. Drag the point on the r axis, or use the “r” slider.
        </>
      }
    >
      <div className="qfig-controls">
        <Slider label="rmin" value={rmin} min={-4} max={0} step={0.05} onChange={setRmin} />
        <Slider label="rmax" value={rmax} min={0} max={4} step={0.05} onChange={setRmax} />
        <Slider
          label="bits"
          value={bits}
          min={BIT_WIDTHS[0]}
          max={BIT_WIDTHS[BIT_WIDTHS.length - 1] ?? 8}
          step={1}
          valueText={`${bits} (${2 ** bits} levels)`}
          onChange={(b) => setBits(toBitWidth(b))}
        />
        <Choice
          legend="integers"
          value={signed ? 'signed' : 'unsigned'}
          options={[
            ['unsigned', 'unsigned'],
            ['signed', 'signed'],
          ]}
          onChange={(v) => setSigned(v === 'signed')}
        />
        <Slider label="r" value={r} min={R_DOMAIN[0]} max={R_DOMAIN[1]} step={STEP} onChange={setR} />
      </div>
      <LinearMappingSvg
        rmin={rmin}
        rmax={rmax}
        r={r}
        m={m}
        grid={grid}
        point={point}
        label={`Linear mapping: ${summary}`}
        onDrag={(v) => setR(snap(v, R_DOMAIN[0], R_DOMAIN[1]))}
      />
      <dl className="qfig-facts qfig-linear-facts">
        <dt>target</dt>
        <dd>
          {m.target}: q in [{m.qmin}, {m.qmax}]
        </dd>
        <dt>scale s</dt>
        <dd className="qfig-mono" data-testid="scale">
          {f(m.scale)}
        </dd>
        <dt>zero point z</dt>
        <dd className="qfig-mono" data-testid="zero-point">
          {m.zeroPoint}
        </dd>
        <dt>q</dt>
        <dd className="qfig-mono" data-testid="q">
          {point.q}
          {point.clamped ? ` (clamped to ${point.q === m.qmin ? 'qmin' : 'qmax'})` : ''}
        </dd>
        <dt>r′ = s (q − z)</dt>
        <dd className="qfig-mono" data-testid="dequantized">
          {f(point.dequantized)}
        </dd>
        <dt>|r − r′|</dt>
        <dd className="qfig-mono" data-testid="error">
          {f(point.error)}
        </dd>
      </dl>
      <p className="qfig-muted">
        Fewer bits, fewer levels: at 2 bits only four values of r′ exist, at 8 bits 256. The kernels work like PyTorch's (checked against
        torch.fake_quantize_per_tensor_affine for every width from 2 to 8): r × float32(1 / float32(s)) in float32, rounded half to even,
        and r′ in float32.
      </p>
      <Summary>{summary}.</Summary>
    </FigureFrame>
  );
}
