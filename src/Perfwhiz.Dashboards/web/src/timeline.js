// The whole-host CPU timeline under the heat maps, on their time axis: y = CPU, one bar per
// scheduled interval coloured by task, the highlighted tasks strong and the others muted; zoomed
// out, one bar per column per CPU (timeline-lod.js). Its tooltip says what ran, what ran before
// and after on that CPU and what woke it. Names reach the tooltip escaped (it takes HTML).
import { echarts } from './echarts.js';
import { COLUMN, visibleIntervals } from './timeline-lod.js';
import { displayName, escapeHtml, formatNumber } from './text.js';

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#86bcb6',
  '#d37295', '#8cd17d', '#b6992d', '#499894', '#f1ce63', '#a0cbe8', '#d4a6c8', '#fabfd2', '#79706e', '#ffbe7d'];
const MUTED_OPACITY = 0.32;
const MARK_COLOR = '#d62728';
const HIGHLIGHT_SHARE_COLOR = '#1f2d3d';

// A task's colour, from its name, so it is the same on every page.
export function taskColor(name) {
  let hash = 0;
  for (const c of String(name)) hash = (hash * 31 + c.codePointAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

export function rowHeight(rows) {
  return Math.max(90, Math.min(rows.length * 18, 560));
}

// Zoomed out, each CPU's columns are painted into one picture (a canvas the size of its band),
// drawn as one element: thousands of custom-series rectangles would cost a second a redraw.
function paintColumns(view, rowCount, bandPixels, colors, isLit) {
  const pictures = Array.from({ length: rowCount }, () => {
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, view.columns * view.columnPixels);
    canvas.height = Math.max(1, Math.round(bandPixels));
    return canvas;
  });
  const contexts = pictures.map((canvas) => canvas.getContext('2d'));
  const byRow = Array.from({ length: rowCount }, () => new Map());
  for (const bar of view.bars) {
    const [, , r, , dominant, occupancy, share, column] = bar;
    byRow[r].set(column, bar);
    const context = contexts[r], x = column * view.columnPixels, height = pictures[r].height;
    const lit = isLit(dominant);
    context.globalAlpha = lit ? 1 : MUTED_OPACITY;
    context.fillStyle = colors[dominant];
    context.fillRect(x, height * (1 - occupancy), view.columnPixels, height * occupancy);
    if (!lit && share > 0) {
      context.globalAlpha = 0.85;
      context.fillStyle = HIGHLIGHT_SHARE_COLOR;
      context.fillRect(x, height * (1 - share), view.columnPixels, height * share);
    }
  }
  return { pictures, byRow };
}

export function createTimeline(doc, rows, heightPixels) {
  const threads = doc.timeline?.threads ?? [];
  const taskNames = [...new Set(threads.map((t) => t.task))];
  const taskIndex = new Map(taskNames.map((name, i) => [name, i]));
  const taskOfThread = Int32Array.from(threads, (t) => taskIndex.get(t.task));
  const colors = taskNames.map(taskColor);
  const bandPixels = heightPixels / Math.max(rows.length, 1) * 0.8;
  let highlighted = new Set();
  let view = { bars: [], thinned: false, total: 0 };
  let painted = null;
  let pointerX = 0;

  // The series' items: each interval, or zoomed out one picture per CPU over the range.
  const seriesItems = () => (view.thinned ? rows.map((_, r) => [view.range[0], view.range[1], r, COLUMN]) : view.bars);

  const threadText = (thread) => (thread < 0 ? 'none' : `${escapeHtml(displayName(threads[thread].task))} (tid ${threads[thread].tid})`);

  function intervalTooltip(r, i) {
    const row = rows[r];
    const lines = [
      `<strong>${threadText(row.threads[i])}</strong> on CPU ${row.cpu}`,
      `from ${formatNumber(row.startsMs[i], 3)} ms for <strong>${formatNumber(row.durationsUs[i], 0)} µs</strong>`,
      `before: ${i > 0 ? threadText(row.threads[i - 1]) : 'none'}`,
      `after: ${i + 1 < row.threads.length ? threadText(row.threads[i + 1]) : 'none'}`,
    ];
    if (row.waitsUs[i] >= 0) {
      lines.push(row.wakers[i] >= 0 ? `woken by ${threadText(row.wakers[i])}, waited ${formatNumber(row.waitsUs[i], 0)} µs for the CPU`
        : `waited ${formatNumber(row.waitsUs[i], 0)} µs for the CPU (preempted or yielded)`);
    }
    return lines.join('<br>');
  }

  function columnTooltip(value) {
    const [from, to, r, , dominant, occupancy, lit] = value;
    return [`CPU ${rows[r].cpu}, ${formatNumber(from, 3)} – ${formatNumber(to, 3)} ms`,
      `busy ${formatNumber(occupancy * 100, 0)} %, mostly <strong>${escapeHtml(displayName(taskNames[dominant]))}</strong>`,
      `highlighted tasks ${formatNumber(lit * 100, 0)} %`].join('<br>');
  }

  return {
    rows,
    threads,
    isEmpty: rows.length === 0,
    setHighlighted(names) { highlighted = new Set(names.map((name) => taskIndex.get(name)).filter((i) => i !== undefined)); },
    data(fromMs, toMs, widthPixels) {
      view = { ...visibleIntervals(rows, taskOfThread, (task) => highlighted.has(task), fromMs, toMs, widthPixels), range: [fromMs, toMs] };
      painted = view.thinned ? paintColumns(view, rows.length, bandPixels, colors, (task) => highlighted.has(task)) : null;
      return view;
    },
    // Where the pointer is over the chart: a picture's tooltip is that of the column under it.
    follow(chart, gridLeft) { chart.getZr().on('mousemove', (event) => { pointerX = event.offsetX - gridLeft; }); },
    tooltip(value) {
      if (value[3] !== COLUMN) return intervalTooltip(value[2], value[5]);
      const bar = painted?.byRow[value[2]].get(Math.floor(pointerX / view.columnPixels));
      return bar ? columnTooltip(bar) : `CPU ${rows[value[2]].cpu}: idle here`;
    },
    yAxis(gridIndex) {
      return { type: 'category', gridIndex, data: rows.map((row) => `CPU ${row.cpu}`), inverse: true, axisLabel: { fontSize: 11 } };
    },
    // The moment a clicked point stands for: a band over every CPU, edged in red.
    markSeries(axisIndex, mark) {
      return {
        id: 'timeline-mark', name: 'timeline-mark', type: 'custom', xAxisIndex: axisIndex, yAxisIndex: axisIndex, silent: true, z: 5,
        tooltip: { show: false }, encode: { x: [0, 1] }, data: mark ? [[mark.fromMs, mark.toMs, 0]] : [],
        renderItem: (params, api) => {
          const box = params.coordSys;
          const from = Math.max(box.x, api.coord([api.value(0), 0])[0]), to = Math.min(box.x + box.width, api.coord([api.value(1), 0])[0]);
          if (to < box.x || from > box.x + box.width) return null;
          const edge = (x) => ({ type: 'line', shape: { x1: x, y1: box.y, x2: x, y2: box.y + box.height }, style: { stroke: MARK_COLOR, lineWidth: 1.5 } });
          return { type: 'group', children: [
            { type: 'rect', shape: { x: from, y: box.y, width: Math.max(to - from, 1), height: box.height }, style: { fill: MARK_COLOR, opacity: 0.1 } },
            edge(from), edge(to)] };
        },
      };
    },
    series(axisIndex) {
      return {
        id: 'timeline', name: 'timeline', type: 'custom', xAxisIndex: axisIndex, yAxisIndex: axisIndex, progressive: 0,
        encode: { x: [0, 1], y: 2 }, data: seriesItems(),
        renderItem: (params, api) => {
          const start = api.coord([api.value(0), api.value(2)]);
          const end = api.coord([api.value(1), api.value(2)]);
          const band = api.size([0, 1])[1] * 0.8;
          if (api.value(3) === COLUMN) {
            // A CPU's columns: how busy (height), in the colour of the task that held it most; when
            // that task is not highlighted, the highlighted tasks' share drawn dark over it.
            const image = painted.pictures[api.value(2)];
            return { type: 'image', style: { image, x: start[0], y: start[1] - image.height / 2, width: end[0] - start[0], height: image.height } };
          }
          const task = taskOfThread[api.value(4)];
          const clip = { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height };
          const shape = echarts.graphic.clipRectByRect({ x: start[0], y: start[1] - band / 2, width: Math.max(end[0] - start[0], 1), height: band }, clip);
          return shape && { type: 'rect', shape, style: { fill: colors[task], opacity: highlighted.has(task) ? 1 : MUTED_OPACITY } };
        },
      };
    },
    summary() { return { total: view.total, drawn: view.bars.length, thinned: view.thinned }; },
    visibleBars() { return view.bars; },
  };
}
