// Core map: per task and core, the share of the core's time the task ran, with switch counts. The
// colour scale is logarithmic, from the decade of the smallest share to the largest one (shares span
// decades: a vCPU at 0.05 % and one at 60 % both need a visible shade); a core a task never ran on
// has no cell (blank), so no empty cell looks busier than a small real value.
import { displayName, element, escapeHtml, formatNumber } from '../text.js';
import { sizedChart, taskAxisLabel } from './layout.js';

export function coreMapView(doc) {
  const maps = doc.coreMaps ?? [];
  return {
    id: 'coremap',
    title: 'Core map',
    draw(container, state) {
      const controls = element('div', { className: 'controls' });
      const chartBox = element('div', { className: 'chart' });
      container.append(controls, chartBox);
      let chart = null;
      let showSwitches = false;
      let map = maps[0];
      function draw() {
        const tasks = [...map.rows.map((row) => displayName(row.task)), 'all tasks'];
        // Columns for the cores the machine has (or that were used), not the document's 32 minimum.
        const cpuCount = doc.runs.find((run) => run.name === map.run)?.cpuCount ?? 0;
        const usedCores = map.allTasks.cores.reduce((last, cell) => Math.max(last, cell.core), 0);
        const lastCore = Math.min(map.maxCore, Math.max(cpuCount - 1, usedCores));
        const cores = [...Array.from({ length: lastCore + 1 }, (_, c) => String(c)), 'all cores'];
        const cells = [];
        [...map.rows, map.allTasks].forEach((row, y) => {
          for (const cell of row.cores) cells.push([cell.core, y, cell.percent, cell.switches]);
          cells.push([lastCore + 1, y, row.allCores.percent, row.allCores.switches]);
        });
        // The colour's dimension: log10 of the share, up to 100 % (an all-cores total past one core is as dark as a busy core).
        const shares = cells.map((cell) => Math.min(cell[2], 100)).filter((value) => value > 0);
        const lowest = Math.log10(shares.length > 0 ? 10 ** Math.floor(Math.log10(Math.min(...shares))) : 0.01);
        const highest = Math.max(lowest + 1, Math.log10(Math.max(...shares, 1)));
        for (const cell of cells) cell.push(Math.max(lowest, Math.log10(Math.max(Math.min(cell[2], 100), 1e-9))));
        const share = (log) => { const value = 10 ** log; return `${formatNumber(value, value < 1 ? Math.min(4, Math.ceil(-Math.log10(value))) : 0)} %`; };
        chart?.dispose();
        chart = sizedChart(chartBox, tasks.length + 1);
        state.charts.coremap = chart;
        chart.setOption({
          animation: false,
          tooltip: {
            formatter: (item) => `${escapeHtml(tasks[item.value[1]])}<br>core ${escapeHtml(cores[item.value[0]])}<br>`
              + `run time <strong>${formatNumber(item.value[2], 2)} %</strong><br>switches <strong>${formatNumber(item.value[3])}</strong>`,
          },
          grid: { left: 10, right: 120, top: 30, bottom: 30, containLabel: true },
          xAxis: { type: 'category', data: cores, position: 'top', splitLine: { show: true, interval: 0, lineStyle: { color: '#eef0f4' } } },
          yAxis: { type: 'category', data: tasks, inverse: true, axisLabel: taskAxisLabel, splitLine: { show: true, interval: 0, lineStyle: { color: '#eef0f4' } } },
          // The lightest shade stays visibly tinted against a blank cell.
          visualMap: { min: lowest, max: highest, dimension: 4, orient: 'vertical', right: 0, top: 'center', itemHeight: 160,
            text: [`${share(highest)} of a core`, `${share(lowest)} (log scale)`],
            inRange: { color: ['#c6dbef', '#6baed6', '#2171b5', '#08306b'] } },
          series: [{
            name: 'run time %',
            type: 'heatmap',
            data: cells,
            label: { show: showSwitches, formatter: (item) => formatNumber(item.value[3]), fontSize: 9 },
          }],
        });
      }
      if (maps.length > 1) {
        const select = element('select', { id: 'run-select', onchange: (event) => { map = maps[event.target.selectedIndex]; draw(); } },
          ...maps.map((m) => element('option', { text: displayName(m.run) })));
        controls.append(element('label', { text: 'run ' }, select));
      }
      const toggle = element('input', { type: 'checkbox', id: 'show-switches', onchange: (event) => {
        showSwitches = event.target.checked;
        chart.setOption({ series: [{ label: { show: showSwitches } }] });
      } });
      controls.append(element('label', {}, toggle, ' switch counts in cells'));
      draw();
      return chart;
    },
  };
}
