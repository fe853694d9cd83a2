/**
 * What the benchmark page exposes on `window.flotillaBench` and what it answers: the contract
 * between the page (built by Vite, run in Chromium) and the scenario driving it from Node.
 * Type-only, so both sides import it.
 */

/** Which implementation a page renders: ours, or the plain non-virtualized peer. */
export type TableSubject = 'ours' | 'plain';
/** The update runs add a subject with no table at all, so the feed's own cost can be told apart. */
export type UpdateSubject = TableSubject | 'none';

export interface TableDataOptions {
  rows: number;
  clusters: number;
  /** Rows of a small table mounted and unmounted first, so the timed mount runs on warm code. */
  warmupRows: number;
}

export interface MountSample {
  /** `root.render` until the first item rows are in the DOM. */
  committedMs: number;
  /** `root.render` until the frame showing them was produced (rAF, then the task after it). */
  paintedMs: number;
  /** Item rows the DOM holds once painted (all of them for the plain table). */
  rowsInDom: number;
}

export interface UpdateOptions {
  /** Pod updates per second, applied on a schedule (not per frame), as a watch delivers them. */
  ratePerSecond: number;
  durationMs: number;
  /** Frames recorded with no updates before the run, to learn the display's frame interval. */
  idleMs: number;
}

export interface UpdateSample {
  /** Gaps between consecutive requestAnimationFrame times while updates ran, in ms. */
  gapsMs: number[];
  /** Gaps with no updates, measured just before. */
  idleGapsMs: number[];
  /** Updates applied and the wall time they took (the rate actually reached). */
  applied: number;
  elapsedMs: number;
  /** Notifications the table's view delivered (batched in 16 ms windows like the live client). */
  notifications: number;
}

export interface SwitcherOptions {
  clusters: number;
}

export interface KeystrokeSample {
  /** The search text after this keystroke. */
  search: string;
  /** keydown (its event time) until the frame after the last DOM change it caused was produced. */
  paintedMs: number;
  /** Options the list shows for the search (checked against the expected count). */
  matches: number;
}

export interface BenchPage {
  /** Generates the pods and the fixture fleet (untimed). */
  prepareTable(options: TableDataOptions): Promise<void>;
  /** Mounts the subject (after a warm-up mount of other pods) and times it; `none` mounts only the hook. */
  mountTable(subject: UpdateSubject): Promise<MountSample>;
  runUpdates(options: UpdateOptions): Promise<UpdateSample>;
  prepareSwitcher(options: SwitcherOptions): Promise<void>;
  mountSwitcher(subject: TableSubject): Promise<void>;
  /** Arms the measurement of the next keystroke in the search field; resolve before pressing. */
  armKeystroke(): void;
  /** Resolves once the armed keystroke's changes are painted and the list has settled. */
  keystroke(): Promise<KeystrokeSample>;
}

declare global {
  interface Window {
    flotillaBench?: BenchPage;
  }
}
