// A variant's graphs and sessions: built from the checkpoint on first use, checked against it
// (every tensor the config needs is there with its shape; no tensor is left unread), handed to
// the runtime (onnxruntime-web in the worker, onnxruntime-node in tests and the bench), and
// then dropped: the sessions hold the weights, the checkpoint stays the only JS copy.
import type { TransformConfig } from '../../onnx/plan.ts';
import type { Ort } from '../ort.ts';
import type { OrtSession } from '../task.ts';
import { CheckpointMismatchError, type CheckpointTensors, unreadTensors } from './checkpoint-weights.ts';
import { type BlipHubConfig, visionTokens } from './config.ts';
import { buildCrossGraph, buildDecoderGraph } from './decoder-graph.ts';
import type { BuildOptions, BuiltGraph, StorageDType, WeightPlacement } from './graph-builder.ts';
import { buildVisionGraph } from './vision-graph.ts';
import type { BlipWasmRuntime } from './wasm-engine.ts';
import { planBlipWeights } from './weight-plan.ts';

/** Where the sessions are made. */
export interface BlipHubRuntime {
  readonly ort: Pick<Ort, 'Tensor'>;
  readonly placement: WeightPlacement;
  /** `role` names the graph in errors and logs. */
  createSession(graph: BuiltGraph, role: GraphRole): Promise<OrtSession>;
  /** What a caption's `vision_engine` says for onnxruntime's graph (default 'onnxruntime'). */
  readonly name?: string;
  /** app/wasm's kernels (the float32 vision encoder runs on them); absent: onnxruntime only. */
  readonly wasm?: BlipWasmRuntime;
}

export type GraphRole = 'vision' | 'cross' | 'decoder' | 'full';

/** What a variant computes with. */
export interface BlipVariant {
  readonly label: string;
  readonly transform: TransformConfig | null;
  readonly storage: StorageDType;
  readonly bf16Activations: boolean;
}

export interface BlipSessions {
  readonly vision: OrtSession;
  readonly cross: OrtSession;
  readonly decoder: OrtSession;
}

function buildOptions(config: BlipHubConfig, variant: BlipVariant, placement: WeightPlacement): BuildOptions {
  return { placement, formatOf: planBlipWeights(config, variant.transform), storage: variant.storage, bf16Activations: variant.bf16Activations };
}

/**
 * The graphs of `roles` for a variant, with the checkpoint checked against what they read.
 * `visionRead`: the tensors another engine's vision encoder read (the WebAssembly one), which
 * then stands for the vision graph in that check.
 */
export function buildGraphs(tensors: CheckpointTensors, config: BlipHubConfig, variant: BlipVariant, placement: WeightPlacement, roles: readonly GraphRole[], visionRead?: ReadonlySet<string>): Map<GraphRole, BuiltGraph> {
  const options = buildOptions(config, variant, placement);
  const n = visionTokens(config.vision);
  const graphs = new Map<GraphRole, BuiltGraph>();
  for (const role of roles) {
    graphs.set(role, role === 'vision' ? buildVisionGraph(tensors, config.vision, options)
      : role === 'cross' ? buildCrossGraph(tensors, config.text, n, options)
        : buildDecoderGraph(tensors, config.text, n, role === 'full' ? 'full' : 'cached', options));
  }
  const read = new Set([...graphs.values()].flatMap((g) => [...g.read]));
  for (const name of visionRead ?? []) read.add(name);
  // Only a complete set of graphs reads every tensor (vision + decoder, with or without the cache).
  if ((roles.includes('vision') || visionRead !== undefined) && (roles.includes('full') || (roles.includes('cross') && roles.includes('decoder')))) requireAllRead(tensors, read);
  return graphs;
}

/** Throws when the checkpoint holds tensors that nothing a BLIP of this config computes read. */
export function requireAllRead(tensors: CheckpointTensors, read: ReadonlySet<string>): void {
  const extra = unreadTensors(tensors, read);
  if (extra.length > 0) throw new CheckpointMismatchError(`the checkpoint has ${extra.length} tensor(s) a BlipForConditionalGeneration of this config does not have: ${extra.slice(0, 5).map((e) => `'${e}'`).join(', ')}${extra.length > 5 ? ', …' : ''}`);
}

/** The sessions after the image's embedding: what the text side runs on (the decoder's seam). */
export type TextSessions = Pick<BlipSessions, 'cross' | 'decoder'>;

/** Each graph's session in turn (in the order of `roles`), all released if one fails. */
async function sessionsOf(graphs: Map<GraphRole, BuiltGraph>, roles: readonly GraphRole[], runtime: BlipHubRuntime): Promise<OrtSession[]> {
  const made: OrtSession[] = [];
  try {
    // One at a time: each session copies its weights in, and peak memory is what counts.
    for (const role of roles) {
      made.push(await runtime.createSession(graphs.get(role)!, role));
      graphs.delete(role);
    }
  } catch (e) {
    await Promise.all(made.map((s) => s.release().catch(() => undefined)));
    throw e;
  }
  return made;
}

/** All three onnxruntime sessions, the checkpoint checked first. */
export async function createSessions(tensors: CheckpointTensors, config: BlipHubConfig, variant: BlipVariant, runtime: BlipHubRuntime): Promise<BlipSessions> {
  const graphs = buildGraphs(tensors, config, variant, runtime.placement, ['vision', 'cross', 'decoder']);
  const [vision, cross, decoder] = await sessionsOf(graphs, ['vision', 'cross', 'decoder'], runtime);
  return { vision: vision!, cross: cross!, decoder: decoder! };
}

/** The cross and decoder sessions when another engine encodes the image: `visionRead` is what it read (the checkpoint check counts it). */
export async function createTextSessions(tensors: CheckpointTensors, config: BlipHubConfig, variant: BlipVariant, runtime: BlipHubRuntime, visionRead: ReadonlySet<string>): Promise<TextSessions> {
  const graphs = buildGraphs(tensors, config, variant, runtime.placement, ['cross', 'decoder'], visionRead);
  const [cross, decoder] = await sessionsOf(graphs, ['cross', 'decoder'], runtime);
  return { cross: cross!, decoder: decoder! };
}

/**
 * onnxruntime's vision session alone. `textRead`: what another engine's text decoder read (the
 * WebAssembly one) when the checkpoint is still to be checked: checked with the graph's reads
 * before the session is made.
 */
export async function createVisionSession(tensors: CheckpointTensors, config: BlipHubConfig, variant: BlipVariant, runtime: BlipHubRuntime, textRead?: ReadonlySet<string>): Promise<OrtSession> {
  const graph = buildGraphs(tensors, config, variant, runtime.placement, ['vision']).get('vision')!;
  if (textRead !== undefined) requireAllRead(tensors, new Set([...graph.read, ...textRead]));
  return runtime.createSession(graph, 'vision');
}

/** The no-cache decoder session (`use_cache: false`, and the baseline in tests and the bench). */
export async function createFullDecoderSession(tensors: CheckpointTensors, config: BlipHubConfig, variant: BlipVariant, runtime: BlipHubRuntime): Promise<OrtSession> {
  return runtime.createSession(buildGraphs(tensors, config, variant, runtime.placement, ['full']).get('full')!, 'full');
}
