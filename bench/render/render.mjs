// Opens a dashboard page in headless Chromium and prints how long its first complete render took
// (navigation start to window.__perfwhiz.ready), console errors and any request it tried. On a
// heat maps page it then switches to the task with the most data and times that drawing too.
//   node render.mjs <page.html> [screenshot.png]
import { chromium } from 'playwright-core';

const [page, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const tab = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const problems = [];
tab.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });
tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
tab.on('request', (request) => { if (!request.url().startsWith('file:')) problems.push(`request: ${request.url()}`); });
await tab.goto(`file://${page}`);
await tab.waitForFunction(() => window.__perfwhiz?.ready || window.__perfwhiz?.error, null, { timeout: 60000, polling: 10 });
const renderMs = await tab.evaluate(() => (window.__perfwhiz.error ? NaN : performance.now()));
console.log(`rendered in ${(renderMs / 1000).toFixed(3)} s`);
const largest = await tab.evaluate(async () => {
  const blocks = [...document.querySelectorAll('script.perfwhiz-series')];
  if (blocks.length === 0) return null;
  const index = blocks.reduce((best, block, i) => (block.textContent.length > blocks[best].textContent.length ? i : best), 0);
  const chart = window.__perfwhiz.charts.heatmaps;
  const start = performance.now();
  const finished = new Promise((resolve) => chart.on('finished', resolve));
  await window.__perfwhiz.selectTask(index);
  await finished;
  const { task, layers } = window.__perfwhiz.heatmap;
  const events = Object.values(layers).reduce((sum, layer) => sum + layer.total, 0);
  const drawn = Object.values(layers).reduce((sum, layer) => sum + layer.drawn, 0);
  return { task, events, drawn, seconds: (performance.now() - start) / 1000 };
});
if (largest) {
  console.log(`largest task ${JSON.stringify(largest.task)}: ${largest.events} points (${largest.drawn} drawn) rendered in ${largest.seconds.toFixed(3)} s`);
  // Zoom steps from the full range by the mouse wheel over the middle of the first heat map (real
  // input events): from the wheel to the third frame after it, the page's redraw included.
  const plot = await tab.evaluate(() => {
    const chart = window.__perfwhiz.charts.heatmaps;
    const box = chart.getDom().getBoundingClientRect();
    const rect = chart.getModel().getComponent('grid', 0).coordinateSystem.getRect();
    return { x: box.left + rect.x + rect.width / 2, y: box.top + rect.y + rect.height / 2 };
  });
  await tab.mouse.move(plot.x, plot.y);
  const steps = [];
  for (let step = 1; step <= 5; step++) {
    const start = Date.now();
    await tab.mouse.wheel(0, -100);
    await tab.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(resolve)))));
    steps.push(Date.now() - start);
  }
  console.log(`zoom steps from the full range: ${steps.map((ms) => ms.toFixed(0)).join(', ')} ms (target < 300 ms each)`);
}
if (screenshot) await tab.screenshot({ path: screenshot, fullPage: true });
await browser.close();
for (const problem of problems) console.error(problem);
process.exit(problems.length > 0 || Number.isNaN(renderMs) ? 1 : 0);
