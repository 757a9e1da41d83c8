// Page ⇄ lab worker messages for captioning (BLIP): the tiny BLIP that ships with the app and
// BLIP checkpoints loaded from the Hugging Face Hub (or a server in its layout, or picked files)
// with from_pretrained. Part of protocol.ts's LabRequest / LabResult unions.
import type { LabImage } from './protocol.ts';

/** The dtype a Hub checkpoint is loaded in (from_pretrained's torch_dtype). */
export type HubDtype = 'float32' | 'bfloat16' | 'float16';
export const HUB_DTYPES: readonly HubDtype[] = ['float32', 'bfloat16', 'float16'];

export type CaptionModelSource =
  | { readonly kind: 'tiny' }
  | { readonly kind: 'hub'; readonly repo: string; readonly revision: string; readonly endpoint: string; readonly dtype: HubDtype }
  /** Files of a checkpoint folder the student picked (Files clone to the worker; read in place, never cached). */
  | { readonly kind: 'picked'; readonly files: readonly File[]; readonly dtype: HubDtype };

export interface CaptionVariantInfo {
  readonly key: string;
  readonly label: string;
}

export interface CaptionModelInfo {
  /** 'tiny-blip', or the Hub source's label (repo id, folder URL, picked files). */
  readonly key: string;
  readonly name: string;
  /** The model's toString(): transformers-style for a Hub checkpoint. */
  readonly summary: string;
  /** get_memory_footprint() as loaded, in bytes. */
  readonly footprint: number;
  readonly parameters: number;
  /** The variants the lab can make of it; the first is the float32 reference. */
  readonly variants: readonly CaptionVariantInfo[];
}

export type CaptionInput =
  /** One of the tiny BLIP's shipped sample scenes (public/samples/tiny-blip), by file name. */
  | { readonly kind: 'sample'; readonly file: string }
  /** A picture the student gave, as encoded bytes (decoded in the worker). */
  | { readonly kind: 'file'; readonly name: string; readonly bytes: ArrayBuffer }
  /** Pixels already decoded (RGBA, as ImageData), e.g. by a caller with an exact PNG decoder. */
  | { readonly kind: 'pixels'; readonly name: string; readonly image: LabImage };

export interface CaptionRunRequest {
  readonly models: readonly { readonly key: string; readonly variants: readonly string[] }[];
  readonly input: CaptionInput;
}

export interface CaptionTokenInfo {
  readonly id: number;
  readonly text: string;
  readonly probability: number;
}

export interface CaptionRowOk {
  readonly model: string;
  readonly variant: string;
  readonly label: string;
  readonly caption: string;
  readonly tokens: readonly CaptionTokenInfo[];
  /** get_memory_footprint() of the variant, bytes. */
  readonly footprint: number;
  /** The caption's run time (vision + decoding), ms; sessions are made before and not counted. */
  readonly ms: number;
}

export type CaptionRow =
  | CaptionRowOk
  | { readonly model: string; readonly variant: string; readonly label: string; readonly error: string };

export interface CaptionSampleInfo {
  readonly file: string;
  readonly caption: string;
}

export type CaptionRequest =
  | { readonly type: 'caption-load'; readonly id: number; readonly source: CaptionModelSource }
  | { readonly type: 'caption-run'; readonly id: number; readonly run: CaptionRunRequest }
  | { readonly type: 'caption-samples'; readonly id: number };

export type CaptionResult =
  | { readonly kind: 'caption-load'; readonly info: CaptionModelInfo }
  | { readonly kind: 'caption-run'; readonly rows: readonly CaptionRow[] }
  | { readonly kind: 'caption-samples'; readonly samples: readonly CaptionSampleInfo[] };

export type { LabImage };
