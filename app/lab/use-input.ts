// The input image's React state: settings, the sample crops (fetched when first shown), the
// student's picture (checked and decoded), and the image they make.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ocr, type OcrSample } from '../models/ocr/ocr-inputs.ts';
import { currentInput, decodePicked, DEFAULT_INPUT, type InputSettings, type PickedFile } from './input-state.ts';

export function useInput() {
  const [settings, setSettings] = useState<InputSettings>(DEFAULT_INPUT);
  const [samples, setSamples] = useState<readonly OcrSample[] | null>(null);
  const [samplesError, setSamplesError] = useState<string | null>(null);
  const [file, setFile] = useState<PickedFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const wantsSamples = settings.mode === 'sample';
  useEffect(() => {
    if (!wantsSamples || samples !== null) return;
    let live = true;
    ocr.samples().then(
      (s) => live && setSamples(s),
      (e: unknown) => live && setSamplesError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [wantsSamples, samples]);
  const update = useCallback((patch: Partial<InputSettings>) => setSettings((s) => ({ ...s, ...patch })), []);
  const pick = useCallback(async (f: File) => {
    setSettings((s) => ({ ...s, mode: 'file', bandCentre: 0.5 }));
    setFileError(null);
    try {
      setFile(await decodePicked(f));
    } catch (e) {
      setFile(null);
      setFileError(e instanceof Error ? e.message : String(e));
    }
  }, []);
  const current = useMemo(() => currentInput(settings, samples, file), [settings, samples, file]);
  return { settings, update, samples, samplesError, file, fileError, pick, current };
}

export type InputControls = ReturnType<typeof useInput>;
