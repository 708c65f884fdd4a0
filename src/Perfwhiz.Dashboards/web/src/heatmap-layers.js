// The heat maps' point layers: which column of a task each panel draws in which colour, and their
// scatter series, one per density class, so that a thinned point standing for thousands of events
// is drawn darker than one standing for a single outlier.
import { EVENT_COLORS, exitReasonColor } from './colors.js';
import { DENSITY_CLASSES, POINT_FIELDS, densityClass, timeOrdered, visiblePoints } from './lod.js';
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

// One series of points drawn on a panel: which points of which column of the task, in time order
// (timeOrdered), what colour, and where the time it stands for lies: before the event (a run, a
// delay, time in the guest) or after it (a wait for a CPU, which starts at its time).
export function pointLayers(data, reasons) {
  const layer = (name, panel, series, color, before, keep = null) => ({ name, panel, points: timeOrdered(series, keep), color, before });
  const layers = [
    layer('switch', 0, data.switches, EVENT_COLORS.switches, true),
    layer('sleep', 0, data.sleeps, EVENT_COLORS.sleeps, true),
    layer('I/O wait', 0, data.ioWaits, EVENT_COLORS.ioWaits, true),
  ];
  const codes = [...new Set(data.kvmExits.values)].sort((a, b) => a - b);
  for (const code of codes) {
    const name = reasons.get(code) ?? `reason ${code}`;
    const values = data.kvmExits.values;
    layers.push(layer(name, 1, data.kvmExits, exitReasonColor(name), true, (i) => values[i] === code));
  }
  layers.push(layer('kvm entry', 1, data.kvmEntries, EVENT_COLORS.kvmEntries, true));
  layers.push(layer('wakeup latency', 3, data.wakeupLatencies, EVENT_COLORS.wakeupLatencies, false));
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
    const view = visiblePoints(layer.points, range[0], range[1], width, height, logMin, logMax);
    const count = view.points.length / POINT_FIELDS;
    drawn[layer.name] = { total: view.total, drawn: count, thinned: view.thinned };
    const byClass = view.thinned ? splitByDensity(view.points) : DENSITY_CLASSES.map((_, c) => (c === 0 ? view.points : EMPTY));
    // Drawn as one path (large) whatever their number: a symbol element per point costs more than
    // the points of all other series. ECharts fails to draw an empty large series: that one is not.
    byClass.forEach((points, c) => updates.push({
      id: seriesId(layer, c), data: points, large: points.length > 0,
      itemStyle: { color: layer.color, opacity: view.thinned ? DENSITY_OPACITY[c] : RAW_OPACITY },
    }));
  }
  return { drawn, updates };
}

const EMPTY = new Float64Array(0);

// Thinned points (POINT_FIELDS each) in one flat array per density class, in their order.
function splitByDensity(points) {
  const count = points.length / POINT_FIELDS;
  const classOf = new Uint8Array(count);
  const sizes = DENSITY_CLASSES.map(() => 0);
  for (let p = 0; p < count; p++) sizes[classOf[p] = densityClass(points[p * POINT_FIELDS + 3])]++;
  const byClass = sizes.map((size) => new Float64Array(size * POINT_FIELDS));
  const filled = sizes.map(() => 0);
  for (let p = 0; p < count; p++) {
    const c = classOf[p];
    byClass[c].set(points.subarray(p * POINT_FIELDS, (p + 1) * POINT_FIELDS), filled[c]);
    filled[c] += POINT_FIELDS;
  }
  return byClass;
}

// The scatter series of the layers (same name per layer: one legend entry toggles all its classes).
// Their data are flat typed arrays, POINT_FIELDS numbers a point, which ECharts stores as they are
// (arrays of arrays cost it a copy and a parse of each point at every zoom step).
export function layerSeries(layers) {
  return layers.flatMap((layer) => DENSITY_CLASSES.map((_, c) => ({
    id: seriesId(layer, c), name: layer.name, type: 'scatter', xAxisIndex: layer.panel, yAxisIndex: layer.panel,
    dimensions: ['time', 'duration', 'index', 'events'], encode: { x: 0, y: 1 },
    symbolSize: 3.9, large: false, largeThreshold: 0, progressive: 0, itemStyle: { color: layer.color, opacity: RAW_OPACITY }, data: EMPTY,
  })));
}

// The key to the shades, shown while some layer is thinned.
export function densityLegend() {
  return element('span', { className: 'density', id: 'density-legend', hidden: '' },
    'events per point: ',
    ...DENSITY_CLASSES.map((densityClass_, c) => element('span', { className: 'swatch' },
      element('i', { style: `opacity: ${DENSITY_OPACITY[c]}` }), densityClass_.label)));
}
