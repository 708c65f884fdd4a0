// Core map: per task and core, the share of the core's time the task ran, with switch counts.
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
          for (const cell of row.cores) cells.push([cell.core, y, cell.percent, cell.switches, Math.min(cell.percent, 100)]);
          cells.push([lastCore + 1, y, row.allCores.percent, row.allCores.switches, Math.min(row.allCores.percent, 100)]);
        });
        chart?.dispose();
        chart = sizedChart(chartBox, tasks.length + 1);
        state.charts.coremap = chart;
        chart.setOption({
          animation: false,
          tooltip: {
            formatter: (item) => `${escapeHtml(tasks[item.value[1]])}<br>core ${escapeHtml(cores[item.value[0]])}<br>`
              + `run time <strong>${formatNumber(item.value[2], 2)} %</strong><br>switches <strong>${formatNumber(item.value[3])}</strong>`,
          },
          grid: { left: 10, right: 90, top: 30, bottom: 30, containLabel: true },
          xAxis: { type: 'category', data: cores, position: 'top', splitArea: { show: true } },
          yAxis: { type: 'category', data: tasks, inverse: true, axisLabel: taskAxisLabel, splitArea: { show: true } },
          // A cell's colour is its share of a core, 0-100 %: an all-cores total past one core is as dark as a busy core.
          visualMap: { min: 0, max: 100, dimension: 4, calculable: true, orient: 'vertical', right: 0, top: 'center', text: ['run %', ''],
            inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] } },
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
