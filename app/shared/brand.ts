// Branded primitives: a CellId cannot be passed where a LessonId is expected,
// and a duration always says its unit.
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type CellId = Brand<string, 'CellId'>;
export type LessonId = Brand<string, 'LessonId'>;
export type RunId = Brand<number, 'RunId'>;
export type Milliseconds = Brand<number, 'Milliseconds'>;

export const cellId = (s: string): CellId => s as CellId;
export const lessonId = (s: string): LessonId => s as LessonId;
export const runId = (n: number): RunId => n as RunId;
export const ms = (n: number): Milliseconds => n as Milliseconds;
