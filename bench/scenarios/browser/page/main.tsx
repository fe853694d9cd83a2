import '@flotilla/cluster-react/styles.css';
import type { BenchPage } from './protocol';
import { SwitcherBench } from './switcher-bench';
import { TableBench } from './table-bench';

const mountPoint = document.getElementById('bench') as HTMLElement;
const table = new TableBench(mountPoint);
const switcher = new SwitcherBench(mountPoint);

const page: BenchPage = {
  prepareTable: async (options) => table.prepare(options),
  mountTable: (subject) => table.mount(subject),
  runUpdates: (options) => table.updates(options),
  prepareSwitcher: async (options) => switcher.prepare(options),
  mountSwitcher: (subject) => switcher.mount(subject),
  armKeystroke: () => switcher.arm(),
  keystroke: () => switcher.keystroke(),
};
window.flotillaBench = page;
