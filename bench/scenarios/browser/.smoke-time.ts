import { browserScenario } from '../browser.bench';
const t0 = performance.now();
await browserScenario.run({
  size: 'smoke',
  log: (l) => console.log(((performance.now() - t0) / 1000).toFixed(1).padStart(6), l),
});
console.log('total', ((performance.now() - t0) / 1000).toFixed(1));
