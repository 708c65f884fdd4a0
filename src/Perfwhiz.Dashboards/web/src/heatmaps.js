// The heat maps dashboard: per task, context switches, KVM exits, where it ran, and its wakeup
// latencies, over the whole host's CPU timeline, on one shared time axis that zooms and pans.
// Clicking a point zooms to the time it stands for and marks it on the timeline.
import { echarts, newChart } from './echarts.js';
import { readTaskSeries, readTimeline } from './data.js';
import { visibleSpans } from './lod.js';
import { densityLegend, layerData, layerSeries, logBounds, pointLayers, spanOf } from './heatmap-layers.js';
import { createTimeline, rowHeight } from './timeline.js';
import { displayName, element, escapeHtml, formatNumber } from './text.js';
import { onWheelOverPlots, zoomedRange } from './wheel-zoom.js';

const GRID_HEIGHT = 170;
const GRID_GAP = 60;
const TOP = 70;
const LEFT = 80;
const RIGHT = 30;
const TIMELINE = 4;
const PANELS = ['Context switches, sleeps and I/O waits (duration, µs)', 'KVM exits (time in guest, µs) and entries (handling time, µs)',
  'Temporal core map (core)', 'Wakeup latency (µs)', 'Whole host: what ran on each CPU (highlighted strong, other tasks muted)'];

const gridTop = (panel) => TOP + panel * (GRID_HEIGHT + GRID_GAP);

// The task the page opens on: the one with the most points (ties: the first).
function busiest(tasks) {
  return tasks.reduce((best, task, i) => ((task.events ?? 0) > (tasks[best].events ?? 0) ? i : best), 0);
}

export async function drawHeatmaps(doc, root, state) {
  const tasks = doc.heatmaps ?? [];
  const reasons = new Map((doc.kvmExits?.reasons ?? []).map((r) => [r.code, r.name]));
  // The axis spans the window to the µs it is drawn at: an event at its very end, rounded up, stays on it.
  const fromMs = Math.floor(doc.window.fromMs * 1000) / 1000, toMs = Math.ceil(doc.window.toMs * 1000) / 1000;
  const controls = element('div', { className: 'controls' });
  const chartBox = element('div', { className: 'chart' });
  root.append(controls, chartBox);
  if (tasks.length === 0) {
    chartBox.replaceWith(element('p', { className: 'empty', text: 'No selected task.' }));
    return;
  }
  const rows = await readTimeline();
  const timelineHeight = rowHeight(rows);
  const timeline = createTimeline(doc, rows, timelineHeight);
  chartBox.style.height = `${gridTop(TIMELINE) + timelineHeight + 50}px`;
  const chart = newChart(chartBox);
  state.charts.heatmaps = chart;
  timeline.follow(chart, LEFT);
  const select = element('select', { id: 'task-select' }, ...tasks.map((t) => element('option', { text: displayName(t.task) })));
  const highlight = element('select', { id: 'highlight-select' },
    element('option', { text: 'the task shown', value: 'task' }), element('option', { text: 'all selected tasks (their core map)', value: 'all' }));
  const info = element('span', { className: 'hint', id: 'lod-info' });
  const timelineInfo = element('span', { className: 'hint', id: 'timeline-info' });
  const legend = densityLegend();
  controls.append(element('label', { text: 'task ' }, select), element('label', { text: 'timeline highlights ' }, highlight),
    element('span', { className: 'hint', text: 'zoom: mouse wheel or the slider; drag to pan; click a point to see that moment on the timeline' }),
    info, legend, timelineInfo);

  let layers = [];
  let spans = null;
  let yBounds = [];
  let range = [fromMs, toMs];
  let mark = null;

  const plotWidth = () => chart.getWidth() - LEFT - RIGHT;
  const percent = (ms) => (ms - fromMs) / (toMs - fromMs) * 100;

  function highlighted() {
    const names = highlight.value === 'all' ? tasks.map((t) => t.task) : [tasks[select.selectedIndex].task];
    if (mark) names.push(mark.task);
    return names;
  }

  function seriesData() {
    const width = plotWidth();
    const started = performance.now();
    const { drawn, updates } = layerData(layers, yBounds, range, width, GRID_HEIGHT);
    const spanView = visibleSpans(spans, range[0], range[1], width);
    drawn.core = { total: spanView.total, drawn: spanView.spans.length, thinned: spanView.thinned };
    updates.push({ id: 'core', data: spanView.spans });
    const heatmapsDone = performance.now();
    timeline.setHighlighted(highlighted());
    timeline.data(range[0], range[1], width);
    updates.push(timeline.series(TIMELINE), timeline.markSeries(TIMELINE, mark));
    // What the level of detail cost, for the benchmark (the drawing is timed by its caller).
    state.detailMs = { heatmaps: heatmapsDone - started, timeline: performance.now() - heatmapsDone };
    const thinned = Object.values(drawn).some((d) => d.thinned);
    const events = Object.entries(drawn).filter(([name]) => name !== 'core').reduce((sum, [, d]) => sum + d.total, 0);
    state.heatmap = { task: tasks[select.selectedIndex].task, range: [...range], layers: drawn, everyEventShown: !thinned };
    state.timeline = { range: [...range], ...timeline.summary(), mark, highlighted: highlighted() };
    info.textContent = thinned
      ? `${formatNumber(events)} events in view, thinned to one point per pixel cell (shade: events per point); zoom in for each event`
      : `every event in view shown (${formatNumber(events)})`;
    legend.hidden = !thinned;
    const t = timeline.summary();
    timelineInfo.textContent = timeline.isEmpty ? 'no timeline in this page'
      : t.thinned ? `timeline: ${formatNumber(t.total)} intervals, summed per column (height: how busy; colour: the task most on the CPU)`
        : `timeline: every interval in view (${formatNumber(t.total)})`;
    return updates;
  }

  function tooltip(item) {
    const v = item.value;
    if (item.seriesId === 'timeline') return timeline.tooltip(v);
    if (item.seriesId === 'core') return `core <strong>${v[2]}</strong><br>from ${formatNumber(v[0], 3)} ms to ${formatNumber(v[1], 3)} ms`;
    const stands = v[3] > 1 ? `<br>this point stands for <strong>${formatNumber(v[3])}</strong> events` : '';
    return `${item.marker}${escapeHtml(item.seriesName)}<br>at ${formatNumber(v[0], 3)} ms<br>duration <strong>${formatNumber(v[1], 1)} µs</strong>${stands}`;
  }

  async function showTask(index) {
    const data = await readTaskSeries(index);
    layers = pointLayers(data, reasons);
    spans = data.coreSpans;
    yBounds = [
      logBounds(data.switches.durationsUs, data.sleeps.durationsUs, data.ioWaits.durationsUs),
      logBounds(data.kvmExits.durationsUs, data.kvmEntries.durationsUs),
      [0, 0],
      logBounds(data.wakeupLatencies.durationsUs),
    ];
    const coreCount = Math.max(doc.runs[0]?.cpuCount ?? 0, spans.values.reduce((m, v) => Math.max(m, v), 0) + 1);
    const panels = [0, 1, 2, 3, TIMELINE];
    const zoom = { xAxisIndex: panels, filterMode: 'none', start: percent(range[0]), end: percent(range[1]) };
    // Drawn in one go (no progressive chunks): the level of detail already bounds the points.
    chart.setOption({
      animation: false,
      title: panels.map((p) => ({ text: PANELS[p], top: gridTop(p) - 28, left: LEFT, textStyle: { fontSize: 13, fontWeight: 'normal' } })),
      // Full colour in the legend, whatever the shade of a layer's first density class.
      legend: { type: 'scroll', top: 0, data: [...new Set(layers.map((l) => l.name)), 'core'].map((name) => ({ name, itemStyle: { opacity: 1 } })) },
      tooltip: { trigger: 'item', confine: true, formatter: tooltip },
      // Plots exactly where LEFT and RIGHT put them (the wheel maps the pointer with them), without
      // ECharts measuring every axis label at each zoom step to fit them in the chart.
      grid: panels.map((p) => ({ left: LEFT, right: RIGHT, top: gridTop(p), height: p === TIMELINE ? timelineHeight : GRID_HEIGHT, outerBoundsMode: 'none' })),
      xAxis: panels.map((p) => ({ type: 'value', gridIndex: p, min: fromMs, max: toMs, name: p === TIMELINE ? 'ms' : '',
        axisLabel: { formatter: (value) => formatNumber(value, value - Math.floor(value) ? 1 : 0) } })),
      yAxis: panels.map((p) => {
        if (p === TIMELINE) return timeline.yAxis(p);
        if (p === 2) return { type: 'category', gridIndex: p, data: Array.from({ length: coreCount }, (_, c) => String(c)), inverse: true };
        return { type: 'log', gridIndex: p, min: 10 ** yBounds[p][0], max: 10 ** yBounds[p][1], logBase: 10 };
      }),
      // The wheel is the page's (see wheel-zoom.js); ECharts keeps drag-to-pan and the slider.
      dataZoom: [{ type: 'inside', ...zoom, zoomOnMouseWheel: false }, { type: 'slider', ...zoom, bottom: 8, height: 22 }],
      series: [
        ...layerSeries(layers),
        {
          id: 'core', name: 'core', type: 'custom', xAxisIndex: 2, yAxisIndex: 2, progressive: 0, itemStyle: { color: '#4e79a7' },
          encode: { x: [0, 1], y: 2 },
          renderItem: (params, api) => {
            const start = api.coord([api.value(0), api.value(2)]);
            const end = api.coord([api.value(1), api.value(2)]);
            const height = Math.max(2, api.size([0, 1])[1] * 0.7);
            const shape = echarts.graphic.clipRectByRect(
              { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 1), height },
              { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height },
            );
            return shape && { type: 'rect', shape, style: api.style() };
          },
          data: [],
        },
        timeline.series(TIMELINE),
        timeline.markSeries(TIMELINE, mark),
      ],
    }, { notMerge: true });
    chart.setOption({ series: seriesData() });
  }

  const rendered = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  let pending = false;
  chart.on('datazoom', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      // The model's range, not getOption(), which would copy every point of every series.
      const [start, end] = chart.getModel().getComponent('dataZoom', 0).getPercentRange();
      range = [fromMs + (toMs - fromMs) * start / 100, fromMs + (toMs - fromMs) * end / 100];
      chart.setOption({ series: seriesData() });
    });
  });

  // Shows [from, to] on every panel at its level of detail in one update: setOption fires no
  // 'datazoom', so nothing is drawn twice.
  function showRange(from, to) {
    range = [from, to];
    const window_ = { start: percent(from), end: percent(to) };
    chart.setOption({ dataZoom: [window_, window_], series: seriesData() });
    return rendered();
  }
  onWheelOverPlots(chart, {
    left: LEFT, right: RIGHT, range: () => range,
    bands: () => [0, 1, 2, 3, TIMELINE].map((p) => [gridTop(p), p === TIMELINE ? timelineHeight : GRID_HEIGHT]),
  }, (atMs, zoomIn) => showRange(...zoomedRange(range, [fromMs, toMs], atMs, zoomIn)));

  // Zooms every panel to [spanFrom, spanTo] with some room around it and marks it on the timeline.
  function focus(spanFrom, spanTo, task) {
    const pad = Math.max((spanTo - spanFrom) * 0.5, 0.05);
    mark = { fromMs: spanFrom, toMs: spanTo, task };
    return showRange(Math.max(fromMs, spanFrom - pad), Math.min(toMs, spanTo + pad)).then(() => rendered()).then(() => state.timeline);
  }
  chart.on('click', (params) => {
    const task = tasks[select.selectedIndex].task;
    if (params.seriesId === 'core') focus(params.value[0], params.value[1], task);
    const layer = layers.find((l) => params.seriesId?.startsWith(`${l.name}#`));
    if (layer) focus(...spanOf(layer, params.value), task);
  });

  // A new task keeps the zoom window, so the same instant can be compared across tasks.
  select.addEventListener('change', () => showTask(select.selectedIndex));
  highlight.addEventListener('change', () => chart.setOption({ series: seriesData() }));
  state.selectTask = async (index) => {
    select.selectedIndex = index;
    await showTask(index);
  };
  state.readSeries = readTaskSeries;
  state.readTimeline = readTimeline;
  state.focus = focus;
  state.timelineBars = () => timeline.visibleBars();
  state.zoom = (startMs, endMs) => showRange(startMs, endMs).then(() => rendered()).then(() => state.heatmap);
  select.selectedIndex = busiest(tasks);
  await showTask(select.selectedIndex);
}
