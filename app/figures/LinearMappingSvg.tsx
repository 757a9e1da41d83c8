// The drawing of the linear-mapping figure (chapter Fig. 14.1): the r axis above, the q axis
// below, rmin → qmin, rmax → qmax and 0 → z joined, and a draggable point r with its q and r'.
import { useRef, type PointerEvent } from 'react';
import { LINEAR_GEOMETRY, R_TICKS, qToX, qTicks, rToX as rx, xToR as xr, type Mapping, type PointResult } from './linear.ts';

const { width: W, height: H, margin: M, yR: Y_R, yQ: Y_Q } = LINEAR_GEOMETRY;

interface Props {
  readonly rmin: number;
  readonly rmax: number;
  readonly r: number;
  readonly m: Mapping;
  readonly grid: Float32Array;
  readonly point: PointResult;
  /** Called with the r under the pointer while dragging. */
  readonly onDrag: (r: number) => void;
  readonly label: string;
}

export function LinearMappingSvg({ rmin, rmax, r, m, grid, point, onDrag, label }: Props) {
  const svg = useRef<SVGSVGElement>(null);
  const qx = (q: number): number => qToX(q, m);
  const drag = (e: PointerEvent<SVGSVGElement>) => {
    const ctm = svg.current?.getScreenCTM();
    if (!ctm || (e.type === 'pointermove' && e.buttons === 0)) return;
    onDrag(xr(new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse()).x));
  };
  return (
    <svg
      ref={svg}
      className="qfig-svg qfig-linear"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={label}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        drag(e);
      }}
      onPointerMove={drag}
    >
      <rect
        className="qfig-range"
        x={rx(Math.min(rmin, 0))}
        y={Y_R - 9}
        width={rx(Math.max(rmax, 0)) - rx(Math.min(rmin, 0))}
        height={18}
      />
      <line className="qfig-axis" x1={M} x2={W - M} y1={Y_R} y2={Y_R} />
      <text className="qfig-axis-name" x={4} y={Y_R + 4}>
        r
      </text>
      {R_TICKS.map((t) => (
        <g key={t}>
          <line className="qfig-tick" x1={rx(t)} x2={rx(t)} y1={Y_R} y2={Y_R + 5} />
          <text className="qfig-tick-label" x={rx(t)} y={Y_R + 17} textAnchor="middle">
            {t}
          </text>
        </g>
      ))}
      {Array.from(grid, (v, i) => (
        <line key={i} className="qfig-level" x1={rx(v)} x2={rx(v)} y1={Y_R - 6} y2={Y_R} />
      ))}
      <text className="qfig-mark-label" x={rx(rmin)} y={Y_R - 14} textAnchor="end">
        rmin
      </text>
      <text className="qfig-mark-label" x={rx(rmax)} y={Y_R - 14} textAnchor="start">
        rmax
      </text>
      <line className="qfig-axis" x1={M} x2={W - M} y1={Y_Q} y2={Y_Q} />
      <text className="qfig-axis-name" x={4} y={Y_Q + 4}>
        q
      </text>
      {qTicks(m).map(({ q, labelled }) => (
        <g key={q}>
          <line className="qfig-tick" x1={qx(q)} x2={qx(q)} y1={Y_Q} y2={Y_Q + 5} />
          {labelled && (
            <text className="qfig-tick-label" x={qx(q)} y={Y_Q + 17} textAnchor="middle">
              {q}
            </text>
          )}
        </g>
      ))}
      <line className="qfig-map" x1={rx(grid[0]!)} y1={Y_R} x2={qx(m.qmin)} y2={Y_Q} />
      <line className="qfig-map" x1={rx(grid[grid.length - 1]!)} y1={Y_R} x2={qx(m.qmax)} y2={Y_Q} />
      <line className="qfig-map qfig-map-zero" x1={rx(0)} y1={Y_R} x2={qx(m.zeroPoint)} y2={Y_Q} />
      <text className="qfig-mark-label" x={qx(m.zeroPoint)} y={Y_Q + 32} textAnchor="middle">
        z = {m.zeroPoint}
      </text>
      <line className="qfig-point-map" x1={rx(r)} y1={Y_R} x2={qx(point.q)} y2={Y_Q} />
      <line className="qfig-err" x1={rx(r)} x2={rx(point.dequantized)} y1={Y_R + 24} y2={Y_R + 24} />
      <path className="qfig-dq" d={`M${rx(point.dequantized)} ${Y_R - 7}l6 7l-6 7l-6 -7z`} />
      <circle className="qfig-point" cx={rx(r)} cy={Y_R} r={7} />
      <circle className="qfig-point" cx={qx(point.q)} cy={Y_Q} r={5} />
      <text className="qfig-mark-label" x={qx(point.q)} y={Y_Q - 12} textAnchor="middle">
        q = {point.q}
      </text>
    </svg>
  );
}
