// The heat maps' point layers: which column of a task each panel draws in which colour, and their
// scatter series, one per density class, so that a thinned point standing for thousands of events
// is drawn darker than one standing for a single outlier.
import { EVENT_COLORS, exitReasonColor } from './colors.js';
import { DENSITY_CLASSES, densityClass, visiblePoints } from './lod.js';
import { element } from './text.js';

// Opacity of a drawn point by the number of events it stands for; raw points are one event each.
const DENSITY_OPACITY = [0.2, 0.45, 0.75, 1];
const RAW_OPACITY = 0.75;

export function logBounds(...columns) {
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

// One series of points drawn on a panel: which column of the task, which points of it, what
// colour, and where the time it stands for lies: before the event (a run, a delay, time in the
// guest) or after it (a wait for a CPU, which starts at its time).
export function pointLayers(data, reasons) {
  const layers = [
    { name: 'switch', panel: 0, series: data.switches, subset: null, color: EVENT_COLORS.switches, before: true },
    { name: 'sleep', panel: 0, series: data.sleeps, subset: null, color: EVENT_COLORS.sleeps, before: true },
    { name: 'I/O wait', panel: 0, series: data.ioWaits, subset: null, color: EVENT_COLORS.ioWaits, before: true },
  ];
  const codes = [...new Set(data.kvmExits.values)].sort((a, b) => a - b);
  for (const code of codes) {
    const name = reasons.get(code) ?? `reason ${code}`;
    const values = data.kvmExits.values;
    layers.push({ name, panel: 1, series: data.kvmExits, subset: (i) => values[i] === code, color: exitReasonColor(name), before: true });
  }
  layers.push({ name: 'kvm entry', panel: 1, series: data.kvmEntries, subset: null, color: EVENT_COLORS.kvmEntries, before: true });
  layers.push({ name: 'wakeup latency', panel: 3, series: data.wakeupLatencies, subset: null, color: EVENT_COLORS.wakeupLatencies, before: false });
  return layers;
}

// The time a clicked point stands for, [fromMs, toMs].
export function spanOf(layer, value) {
  const [timeMs, durationUs] = value;
  return layer.before ? [timeMs - durationUs / 1000, timeMs] : [timeMs, timeMs + durationUs / 1000];
}

export const seriesId = (layer, c) => `${layer.name}#${c}`;

// Each layer's visible points split by density class: series updates, and what was drawn.
export function layerData(layers, yBounds, range, width, height) {
  const drawn = {};
  const updates = [];
  for (const layer of layers) {
    const [logMin, logMax] = yBounds[layer.panel];
    const view = visiblePoints(layer.series, layer.subset, range[0], range[1], width, height, logMin, logMax);
    drawn[layer.name] = { total: view.total, drawn: view.points.length, thinned: view.thinned };
    const byClass = DENSITY_CLASSES.map(() => []);
    for (const point of view.points) byClass[view.thinned ? densityClass(point[3]) : 0].push(point);
    byClass.forEach((points, c) => updates.push({
      id: seriesId(layer, c), data: points, itemStyle: { color: layer.color, opacity: view.thinned ? DENSITY_OPACITY[c] : RAW_OPACITY },
    }));
  }
  return { drawn, updates };
}

// The scatter series of the layers (same name per layer: one legend entry toggles all its classes).
export function layerSeries(layers) {
  return layers.flatMap((layer) => DENSITY_CLASSES.map((_, c) => ({
    id: seriesId(layer, c), name: layer.name, type: 'scatter', xAxisIndex: layer.panel, yAxisIndex: layer.panel,
    symbolSize: 4, large: true, largeThreshold: 2000, progressive: 0, itemStyle: { color: layer.color, opacity: RAW_OPACITY }, data: [],
  })));
}

// The key to the shades, shown while some layer is thinned.
export function densityLegend() {
  return element('span', { className: 'density', id: 'density-legend', hidden: '' },
    'events per point: ',
    ...DENSITY_CLASSES.map((densityClass_, c) => element('span', { className: 'swatch' },
      element('i', { style: `opacity: ${DENSITY_OPACITY[c]}` }), densityClass_.label)));
}
