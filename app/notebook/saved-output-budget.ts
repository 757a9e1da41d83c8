// The budget for the outputs kept between visits: 5 MB per lesson, measured as
// the characters of the saved cells' JSON (data: URLs and most output are
// ASCII, so characters ≈ bytes). Only what is saved is cut; the page keeps
// showing everything the run made until it is reloaded. The rule, in order,
// until the lesson's saved outputs fit:
//   1. images and figures go, the biggest first;
//   2. then text is cut (prints, results, errors, Markdown; tables go whole),
//      the biggest output first;
//   3. then whole cells' outputs go, the last cell first (a lesson of
//      thousands of small outputs), and finally their notes too.
// Each thing dropped or cut leaves a notice in its place saying what and why,
// so a restored cell never looks complete when it is not.
import type { CellOutput } from '../kernel/protocol.ts';
import type { SavedCellOutputs } from './output-record.ts';

export const SAVED_OUTPUT_BUDGET_CHARS = 5_000_000;

/** 3.2 MB, 5 MB, 40 kB (characters of JSON; see the top of the file). */
const sizeText = (chars: number): string =>
  (chars >= 1_000_000 ? `${(chars / 1_000_000).toFixed(1)} MB` : chars >= 1000 ? `${(chars / 1000).toFixed(1)} kB` : `${chars} B`).replace(
    /\.0 /,
    ' ',
  );
const budgetText = (budget: number): string => `over this lesson's ${sizeText(budget)} budget for saved outputs`;

export const droppedNotice = (what: 'image' | 'figure' | 'table' | 'output', size: number, budget: number): CellOutput => ({
  kind: 'notice',
  text: `${what === 'output' ? 'Output' : what[0]!.toUpperCase() + what.slice(1)} not kept (${sizeText(size)}): ${budgetText(budget)}. Run the cell again to see it.`,
});
const cutNotice = (cut: number, budget: number): CellOutput => ({
  kind: 'notice',
  text: `… ${cut.toLocaleString('en-US')} more characters not kept: ${budgetText(budget)}. Run the cell again to see them.`,
});
const cellNotice = (budget: number): CellOutput => ({
  kind: 'notice',
  text: `This cell's outputs were not kept: ${budgetText(budget)}. Run the cell again to see them.`,
});

/** What one saved output costs. */
export const outputCost = (o: CellOutput): number => JSON.stringify(o).length;
/** What a saved cell costs (its key included, with the JSON punctuation around it). */
export const cellCost = (id: string, c: SavedCellOutputs): number => JSON.stringify(id).length + 2 + JSON.stringify(c).length;

/**
 * The sum of the cells' `cellCost`, from one JSON.stringify of the whole list (one call, not one
 * per cell: this runs on every write). The list's JSON is `[["id",{…}],…]`: each entry adds its
 * two parts, three characters of brackets and a comma, and the list two brackets less one comma.
 */
export const costOf = (cells: readonly (readonly [string, SavedCellOutputs])[]): number =>
  cells.length === 0 ? 0 : JSON.stringify(cells).length - 2 * cells.length - 1;

/** Where an output sits, and its cost. */
interface Slot {
  readonly cell: number;
  /** Moves when a notice is inserted before it. */
  index: number;
  readonly cost: number;
}

const isPicture = (o: CellOutput): boolean => o.kind === 'image' || o.kind === 'svg';

/** Cut `text` to at most `keep` UTF-16 units without splitting a surrogate pair. */
function cutText(text: string, keep: number): string {
  let end = Math.max(0, Math.min(text.length, keep));
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** The output with its main text cut to `keep` characters, or null if it has none to cut (tables). */
function cutOutput(o: CellOutput, keep: number): { output: CellOutput; cut: number } | null {
  switch (o.kind) {
    case 'text':
    case 'result':
    case 'notice': {
      const text = cutText(o.text, keep);
      return { output: { ...o, text }, cut: o.text.length - text.length };
    }
    case 'error': {
      const message = cutText(o.message, keep);
      return { output: { ...o, message }, cut: o.message.length - message.length };
    }
    case 'markdown': {
      const markdown = cutText(o.markdown, keep);
      return { output: { ...o, markdown }, cut: o.markdown.length - markdown.length };
    }
    case 'table':
    case 'svg':
    case 'image':
      return null;
  }
}

const mainLength = (o: CellOutput): number =>
  o.kind === 'text' || o.kind === 'result' || o.kind === 'notice'
    ? o.text.length
    : o.kind === 'error'
      ? o.message.length
      : o.kind === 'markdown'
        ? o.markdown.length
        : 0;

/**
 * `o` cut so that it and the notice after it cost at most `room`: the longest
 * such prefix (binary search: escapes make JSON cost uneven per character),
 * or null when nothing worth keeping fits or `o` has no text to cut.
 */
function cutToSave(o: CellOutput, room: number, budget: number): [CellOutput, CellOutput] | null {
  const length = mainLength(o);
  // The notice for cutting everything is the longest one (most digits): reckon with that.
  const noticeCost = outputCost(cutNotice(length, budget));
  const fits = (keep: number): boolean => {
    const cut = cutOutput(o, keep);
    return cut !== null && outputCost(cut.output) + 1 + noticeCost <= room;
  };
  if (length === 0 || !fits(0)) return null;
  let lo = 0;
  let hi = length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  const cut = cutOutput(o, lo);
  // Keeping under 1 % of it, or under 20 characters, is no more use than the notice alone.
  if (cut === null || lo < 20 || lo < length / 100) return null;
  return [cut.output, cutNotice(cut.cut, budget)];
}

/**
 * The cells (in lesson order) cut to fit `budget` by the rule at the top of
 * the file. Cells that already fit come back unchanged (the same objects).
 */
export function fitSavedOutputs(
  cells: readonly (readonly [string, SavedCellOutputs])[],
  budget: number = SAVED_OUTPUT_BUDGET_CHARS,
): [string, SavedCellOutputs][] {
  const result: [string, SavedCellOutputs][] = cells.map(([id, c]) => [id, c]);
  let total = costOf(result);
  if (total <= budget) return result;
  // Over budget: from here on each cell's cost is tracked (rare, so measured per cell).
  const outputs: CellOutput[][] = result.map(([, c]) => [...c.outputs]);
  const cellCosts = result.map(([id, c]) => cellCost(id, c));
  /**
   * Put outputs[cell] back into its cell and keep `total` exact: by `delta` (what the change
   * added to the cell's JSON, known to the caller), or measured again when not given.
   */
  const commit = (cell: number, delta?: number): void => {
    const [id, c] = result[cell]!;
    const next = { ...c, outputs: outputs[cell]! };
    result[cell] = [id, next];
    const cost = delta === undefined ? cellCost(id, next) : cellCosts[cell]! + delta;
    total += cost - cellCosts[cell]!;
    cellCosts[cell] = cost;
  };
  const slots = (pick: (o: CellOutput) => boolean): Slot[] => {
    const found: Slot[] = [];
    outputs.forEach((list, cell) => list.forEach((o, index) => pick(o) && found.push({ cell, index, cost: outputCost(o) })));
    // Biggest first; on a tie the earlier one first, so the rule is deterministic.
    return found.sort((a, b) => b.cost - a.cost || a.cell - b.cell || a.index - b.index);
  };

  // 1. Images and figures, the biggest first.
  for (const slot of slots(isPicture)) {
    if (total <= budget) return result;
    const o = outputs[slot.cell]![slot.index]!;
    const notice = droppedNotice(o.kind === 'image' ? 'image' : 'figure', slot.cost, budget);
    // A picture smaller than its notice is left to step 3.
    const noticeCost = outputCost(notice);
    if (noticeCost >= slot.cost) continue;
    outputs[slot.cell]![slot.index] = notice;
    commit(slot.cell, noticeCost - slot.cost);
  }

  // 2. Text, the biggest first: cut to what fits (with a notice after it), tables dropped whole.
  // Notices made in step 1 are left alone (they say what was dropped). A cut inserts a notice,
  // so the later slots of that cell move down by one.
  const textSlots = slots((o) => !isPicture(o) && o.kind !== 'notice');
  for (const slot of textSlots) {
    if (total <= budget) return result;
    const list = outputs[slot.cell]!;
    const o = list[slot.index]!;
    const cut = cutToSave(o, slot.cost - (total - budget), budget);
    if (cut === null) {
      const notice = droppedNotice(o.kind === 'table' ? 'table' : 'output', slot.cost, budget);
      const noticeCost = outputCost(notice);
      if (noticeCost >= slot.cost) continue; // smaller than its notice: left to step 3
      list[slot.index] = notice;
      commit(slot.cell, noticeCost - slot.cost);
    } else {
      list.splice(slot.index, 1, ...cut);
      for (const other of textSlots) if (other.cell === slot.cell && other.index > slot.index) other.index += 1;
      // Two outputs where there was one: their costs and the comma between them.
      commit(slot.cell, outputCost(cut[0]) + 1 + outputCost(cut[1]) - slot.cost);
    }
  }

  // 3. Whole cells, the last first: each to one notice (where that is smaller), then (a budget
  //    smaller than the notices) the last cells dropped altogether.
  const notice = cellNotice(budget);
  for (let cell = result.length - 1; cell >= 0 && total > budget; cell--) {
    const [id, c] = result[cell]!;
    if (cellCost(id, { ...c, outputs: [notice] }) >= cellCosts[cell]!) continue;
    outputs[cell] = [notice];
    commit(cell);
  }
  while (total > budget && result.length > 0) {
    const [id, c] = result.pop()!;
    total -= cellCost(id, c);
  }
  return result;
}
