// Zooming by the mouse wheel, done by the page rather than by ECharts' inside zoom: ECharts redraws
// every point at the new axis range before it tells the page, which then redraws them again at
// the new level of detail; the page applies the range and the points in one update instead.

// Each wheel step shows this share of the range it zooms from (in), or its inverse (out).
export const STEP = 0.8;

// The range after one wheel step at `atMs`, which keeps its place on the axis; within [min, max]
// and no narrower than `narrowest`.
export function zoomedRange([from, to], [min, max], atMs, zoomIn, narrowest = 0.001) {
  const width = Math.min(max - min, Math.max(narrowest, (to - from) * (zoomIn ? STEP : 1 / STEP)));
  const at = Math.min(Math.max(atMs, from), to);
  const share = to > from ? (at - from) / (to - from) : 0.5;
  let start = at - share * width;
  start = Math.min(Math.max(start, min), max - width);
  return [start, start + width];
}

// Calls `zoom(atMs, zoomIn)` for wheel steps over the plot area of `chart` (x from `left` to its
// width less `right`, y within one of `bands`: [top, height] in pixels); elsewhere the page scrolls.
export function onWheelOverPlots(chart, { left, right, bands, range }, zoom) {
  chart.getDom().addEventListener('wheel', (event) => {
    const box = chart.getDom().getBoundingClientRect();
    const x = event.clientX - box.left, y = event.clientY - box.top;
    const width = chart.getWidth() - left - right;
    if (x < left || x > left + width || !bands().some(([top, height]) => y >= top && y <= top + height)) return;
    event.preventDefault();
    const [from, to] = range();
    zoom(from + (x - left) / width * (to - from), event.deltaY < 0);
  }, { passive: false, capture: true }); // capture: ECharts stops the wheel event on its canvas
}
