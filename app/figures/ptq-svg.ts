// The PTQ table as a static SVG (exports): the chapter's LiteRT options and what the Model lab measured. Plain TS.
import { TECHNIQUES, sizeText } from './ptq.ts';
import { loaded, measuredText, type LoadedMeasurements } from './ptq-data.ts';
import { paragraph, svgDocument, table, text, type StaticSvg } from './svg-writer.ts';

export function ptqSvg(data: LoadedMeasurements = loaded): StaticSvg {
  let body = text(16, 22, 'Post-training quantization in LiteRT', { size: 15, weight: 'bold' });
  const t = table(
    16,
    36,
    [
      { head: 'Technique', width: 170 },
      { head: 'Benefits (chapter)', width: 140 },
      { head: 'Hardware', width: 130 },
      { head: 'Measured here', width: 280 },
    ],
    TECHNIQUES.map((x) => [x.name, x.benefits, x.hardware, measuredText(data, x.id)]),
  );
  body += t.svg;
  const foot =
    data.kind === 'ok'
      ? `float32 baseline: ${sizeText(data.data.float32.bytes)} (${data.data.model}).`
      : data.kind === 'bad'
        ? `models/ptq-measurements.json is malformed: ${data.message}`
        : 'Sizes not measured yet — see the Model lab.';
  const p = paragraph(16, t.bottom + 20, foot, 720, { size: 12 });
  body += p.svg;
  return {
    svg: svgDocument(752, p.bottom + 12, `PTQ table: ${foot}`, body),
    alt: `LiteRT post-training quantization options: ${TECHNIQUES.map((x) => `${x.name} (${x.benefits}; ${measuredText(data, x.id)})`).join('; ')}`,
  };
}
