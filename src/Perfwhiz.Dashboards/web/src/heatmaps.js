// The heat maps dashboard: per task, context switches, KVM exits, where it ran, and its wakeup
// latencies, on one shared time axis that zooms and pans.
import { echarts, newChart } from './echarts.js';
import { EVENT_COLORS, exitReasonColor } from './colors.js';
import { readTaskSeries } from './data.js';
import { visiblePoints, visibleSpans } from './lod.js';
import { displayName, element, escapeHtml, formatNumber } from './text.js';

const GRID_HEIGHT = 170;
const GRID_GAP = 60;
const TOP = 70;
const LEFT = 80;
const RIGHT = 30;
const PANELS = ['Context switches, sleeps and I/O waits (duration, µs)', 'KVM exits (time in guest, µs) and entries (handling time, µs)',
  'Temporal core map (core)', 'Wakeup latency (µs)'];

function logBounds(...columns) {
  let min = Infinity, max = -Infinity;
  for (const column of columns) {
    for (let i = 0; i < column.length; i++) {
      const value = Math.max(column[i], 0.1);
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (min === Infinity) return [-1, 3];
  return [Math.floor(Math.log10(min)), Math.max(Math.ceil(Math.log10(max)), Math.floor(Math.log10(min)) + 1)];
}

function gridTop(panel) {
  return TOP + panel * (GRID_HEIGHT + GRID_GAP);
}

// One series of points drawn on a panel: which column of the task, which points of it, what colour.
function pointLayers(data, reasons) {
  const layers = [
    { name: 'switch', panel: 0, series: data.switches, subset: null, color: EVENT_COLORS.switches },
    { name: 'sleep', panel: 0, series: data.sleeps, subset: null, color: EVENT_COLORS.sleeps },
    { name: 'I/O wait', panel: 0, series: data.ioWaits, subset: null, color: EVENT_COLORS.ioWaits },
  ];
  const codes = [...new Set(data.kvmExits.values)].sort((a, b) => a - b);
  for (const code of codes) {
    const name = reasons.get(code) ?? `reason ${code}`;
    const values = data.kvmExits.values;
    layers.push({ name, panel: 1, series: data.kvmExits, subset: (i) => values[i] === code, color: exitReasonColor(name) });
  }
  layers.push({ name: 'kvm entry', panel: 1, series: data.kvmEntries, subset: null, color: EVENT_COLORS.kvmEntries });
  layers.push({ name: 'wakeup latency', panel: 3, series: data.wakeupLatencies, subset: null, color: EVENT_COLORS.wakeupLatencies });
  return layers;
}

export async function drawHeatmaps(doc, root, state) {
  const tasks = doc.heatmaps ?? [];
  const reasons = new Map((doc.kvmExits?.reasons ?? []).map((r) => [r.code, r.name]));
  const fromMs = doc.window.fromMs, toMs = doc.window.toMs;
  const controls = element('div', { className: 'controls' });
  const chartBox = element('div', { className: 'chart' });
  chartBox.style.height = `${gridTop(4) + 20}px`;
  root.append(controls, chartBox);
  if (tasks.length === 0) {
    chartBox.replaceWith(element('p', { className: 'empty', text: 'No selected task.' }));
    return;
  }
  const chart = newChart(chartBox);
  state.charts.heatmaps = chart;
  const select = element('select', { id: 'task-select' }, ...tasks.map((t) => element('option', { text: displayName(t.task) })));
  controls.append(element('label', { text: 'task ' }, select), element('span', { className: 'hint', text: 'zoom: mouse wheel or the slider below; drag to pan' }));
  const info = element('span', { className: 'hint', id: 'lod-info' });
  controls.append(info);

  let layers = [];
  let spans = null;
  let yBounds = [];
  let range = [fromMs, toMs];

  function plotWidth() {
    return chart.getWidth() - LEFT - RIGHT;
  }

  function seriesData() {
    const width = plotWidth();
    const drawn = {};
    const series = layers.map((layer) => {
      const [logMin, logMax] = yBounds[layer.panel];
      const view = visiblePoints(layer.series, layer.subset, range[0], range[1], width, GRID_HEIGHT, logMin, logMax);
      drawn[layer.name] = { total: view.total, drawn: view.points.length, thinned: view.thinned };
      return { id: layer.name, data: view.points };
    });
    const spanView = visibleSpans(spans, range[0], range[1], width);
    drawn.core = { total: spanView.total, drawn: spanView.spans.length, thinned: spanView.thinned };
    series.push({ id: 'core', data: spanView.spans });
    state.heatmap = { task: tasks[select.selectedIndex].task, range: [...range], layers: drawn };
    const thinned = Object.values(drawn).some((d) => d.thinned);
    info.textContent = thinned ? 'dense: one point per pixel cell shown; zoom in for every event' : 'every event shown';
    return series;
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
    const panels = [0, 1, 2, 3];
    const data0 = seriesData();
    // Drawn in one go (no progressive chunks): the level of detail already bounds the points.
    chart.setOption({
      animation: false,
      title: panels.map((p) => ({ text: PANELS[p], top: gridTop(p) - 28, left: LEFT, textStyle: { fontSize: 13, fontWeight: 'normal' } })),
      legend: { type: 'scroll', top: 0, data: [...layers.map((l) => l.name), 'core'] },
      tooltip: {
        trigger: 'item',
        formatter: (item) => {
          const v = item.value;
          if (item.seriesId === 'core') {
            return `core <strong>${v[2]}</strong><br>from ${formatNumber(v[0], 3)} ms to ${formatNumber(v[1], 3)} ms`;
          }
          return `${item.marker}${escapeHtml(item.seriesName)}<br>at ${formatNumber(v[0], 3)} ms<br>duration <strong>${formatNumber(v[1], 1)} µs</strong>`;
        },
      },
      grid: panels.map((p) => ({ left: LEFT, right: RIGHT, top: gridTop(p), height: GRID_HEIGHT })),
      xAxis: panels.map((p) => ({ type: 'value', gridIndex: p, min: fromMs, max: toMs, name: p === 3 ? 'ms' : '',
        axisLabel: { formatter: (value) => formatNumber(value, value - Math.floor(value) ? 1 : 0) } })),
      yAxis: panels.map((p) => (p === 2
        ? { type: 'category', gridIndex: p, data: Array.from({ length: coreCount }, (_, c) => String(c)), inverse: true }
        : { type: 'log', gridIndex: p, min: 10 ** yBounds[p][0], max: 10 ** yBounds[p][1], logBase: 10 })),
      dataZoom: [
        { type: 'inside', xAxisIndex: panels, filterMode: 'none' },
        { type: 'slider', xAxisIndex: panels, filterMode: 'none', bottom: 8, height: 22 },
      ],
      series: [
        ...layers.map((layer, l) => ({
          id: layer.name, name: layer.name, type: 'scatter', xAxisIndex: layer.panel, yAxisIndex: layer.panel,
          symbolSize: 4, large: true, largeThreshold: 5000, progressive: 0, itemStyle: { color: layer.color, opacity: 0.75 }, data: data0[l].data,
        })),
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
          data: data0[data0.length - 1].data,
        },
      ],
    }, { notMerge: true });
  }

  let pending = false;
  chart.on('datazoom', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const zoom = chart.getOption().dataZoom[0];
      range = [fromMs + (toMs - fromMs) * zoom.start / 100, fromMs + (toMs - fromMs) * zoom.end / 100];
      chart.setOption({ series: seriesData() });
    });
  });
  select.addEventListener('change', async () => {
    range = [fromMs, toMs];
    await showTask(select.selectedIndex);
  });
  state.selectTask = async (index) => {
    select.selectedIndex = index;
    range = [fromMs, toMs];
    await showTask(index);
  };
  state.readSeries = readTaskSeries;
  state.zoom = (startMs, endMs) => new Promise((resolve) => {
    chart.dispatchAction({ type: 'dataZoom', dataZoomIndex: 0, start: (startMs - fromMs) / (toMs - fromMs) * 100, end: (endMs - fromMs) / (toMs - fromMs) * 100 });
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(state.heatmap)));
  });
  await showTask(0);
}
