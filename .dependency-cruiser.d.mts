// Types of .dependency-cruiser.mjs, for app/folder-graph.test.ts.
import type { IConfiguration, IForbiddenRuleType } from 'dependency-cruiser';

/** A node of the folder graph: the files it holds (a regular expression on the path) and the nodes they may import ('*': any). */
export interface FolderNode {
  readonly files: string;
  readonly mayImport: readonly string[] | '*';
}
/** An arrow up the graph that another change removes: from exactly these files to exactly those. */
export interface KnownUpward {
  readonly from: string;
  readonly to: string;
}
export declare const FOLDER_GRAPH: Readonly<Record<string, FolderNode>>;
export declare const KNOWN_UPWARD: readonly KnownUpward[];
export declare function folderRules(
  graph?: Readonly<Record<string, FolderNode>>,
  knownUpward?: readonly KnownUpward[],
): IForbiddenRuleType[];
declare const config: IConfiguration;
export default config;
