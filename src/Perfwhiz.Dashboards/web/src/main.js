// Entry point of the dashboards: reads the page's embedded document and draws it. Everything a
// test needs to check the page is exposed on window.__perfwhiz.
import { changesView } from './views/changes.js';
import { coreMapView } from './views/coremap.js';
import { kvmView } from './views/kvm.js';
import { latencyView } from './views/latency.js';
import { runsView } from './views/runs.js';
import { usageView } from './views/usage.js';
import { readDocument } from './data.js';
import { drawHeatmaps } from './heatmaps.js';
import { displayName, element, formatNumber } from './text.js';

const state = { ready: false, error: null, view: null, charts: {} };
window.__perfwhiz = state;

function header(doc) {
  const window_ = `${formatNumber(doc.window.fromMs, 1)} – ${formatNumber(doc.window.toMs, 1)} ms`;
  const runs = doc.runs.map((run) => {
    const facts = [run.host && displayName(run.host), run.kernel && `kernel ${displayName(run.kernel)}`, run.cpuCount && `${run.cpuCount} CPUs`,
      `${formatNumber(run.durationMs, 1)} ms captured`, run.lostEvents > 0 && `${formatNumber(run.lostEvents)} events lost`].filter(Boolean);
    // As perfmap warns on the terminal: a capture shorter than the window has its counts scaled up.
    const scaled = run.multiplier >= 1.01 ? [element('div', { className: 'warning scaled',
      text: `shorter than the window: its counts are multiplied by ${formatNumber(run.multiplier, 2)}` })] : [];
    return element('li', {}, element('strong', { text: displayName(run.name) }), ` ${facts.join(' · ')}`, ...scaled,
      ...run.warnings.map((warning) => element('div', { className: 'warning', text: displayName(warning) })));
  });
  return element('header', {},
    element('h1', { text: displayName(doc.label) }),
    element('div', { className: 'meta' },
      element('span', { text: doc.kind === 'heatmaps' ? 'heat maps' : 'charts' }),
      element('span', { text: `tasks ${displayName(doc.tasks)}` }),
      element('span', { text: `window ${window_}` }),
      element('span', { text: `perfwhiz ${doc.perfwhiz}` })),
    element('ul', { className: 'runs' }, ...runs));
}

// Shows a task on a view: its rows in the view's chart, with the run's when one is given.
function focusTask(viewId, name, run) {
  state.show(viewId);
  state.focused = { view: viewId, name, run };
  state.views.find((view) => view.id === viewId).focus?.(name, run);
}

function drawCharts(doc, root) {
  const views = [usageView(doc), latencyView(doc), kvmView(doc), coreMapView(doc)];
  if (doc.runs.length > 1) views.push(runsView(doc));
  if (doc.changes) views.unshift(changesView(doc, focusTask));
  state.views = views;
  const tabs = element('nav', { className: 'tabs', role: 'tablist' });
  const panels = new Map();
  root.append(tabs);
  function show(id) {
    for (const [viewId, panel] of panels) panel.hidden = viewId !== id;
    for (const tab of tabs.children) tab.setAttribute('aria-selected', String(tab.dataset.view === id));
    if (!panels.get(id).dataset.drawn) {
      panels.get(id).dataset.drawn = 'yes';
      const chart = views.find((view) => view.id === id).draw(panels.get(id), state);
      if (chart) state.charts[id] = chart;
    }
    state.charts[id]?.resize();
    state.view = id;
  }
  for (const view of views) {
    const tab = element('button', { type: 'button', role: 'tab', text: view.title, onclick: () => show(view.id) });
    tab.dataset.view = view.id;
    tabs.append(tab);
    const panel = element('section', { className: 'view', role: 'tabpanel' });
    panel.dataset.view = view.id;
    panels.set(view.id, panel);
    root.append(panel);
  }
  state.show = show;
  show(views[0].id);
}

// Resolves once every chart on the page has finished its first drawing.
function whenRendered() {
  return Promise.all(Object.values(state.charts).map((chart) => chart.drawn));
}

async function main() {
  const doc = await readDocument();
  state.document = doc;
  document.title = `perfwhiz ${doc.kind}: ${displayName(doc.label)}`;
  const root = document.getElementById('app');
  root.append(header(doc));
  const body = element('main');
  root.append(body);
  if (doc.kind === 'heatmaps') await drawHeatmaps(doc, body, state);
  else drawCharts(doc, body);
  await whenRendered();
  window.addEventListener('resize', () => Object.values(state.charts).forEach((chart) => chart.resize()));
  state.ready = true;
}

main().catch((error) => {
  state.error = String(error);
  document.getElementById('app').append(element('p', { className: 'error', text: `This dashboard could not be drawn: ${error}` }));
  throw error;
});
