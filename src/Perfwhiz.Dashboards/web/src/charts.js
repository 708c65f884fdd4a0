// The basic dashboard: CPU usage vs context switches, KVM exit types, core map, and with several
// captures the runs side by side per task.
import { newChart as newEChart } from './echarts.js';
import { CPU_COLOR, RUN_COLORS, SWITCH_COLOR, exitReasonColor } from './colors.js';
import { displayName, element, escapeHtml, formatNumber } from './text.js';

const ROW_HEIGHT = 26;
const NAME_WIDTH = 300;

function chartHeight(rows) {
  return Math.max(220, rows * ROW_HEIGHT + 110);
}

function sizedChart(container, rows) {
  container.style.height = `${chartHeight(rows)}px`;
  return newEChart(container);
}

// Category labels are drawn on canvas as plain text; the limit keeps long names from eating the plot.
const taskAxisLabel = { width: NAME_WIDTH, overflow: 'truncate', ellipsis: '…' };

// The width the category axis' names take (as taskAxisLabel truncates them) and its label margin.
function labelRoom(names) {
  const context = document.createElement('canvas').getContext('2d');
  context.font = '12px sans-serif';
  const widest = Math.max(0, ...names.map((name) => context.measureText(name).width));
  return Math.ceil(Math.min(NAME_WIDTH, widest)) + 8;
}

function tooltipLine(marker, name, value) {
  return `${marker}${escapeHtml(name)}: <strong>${escapeHtml(value)}</strong>`;
}

export function usageView(doc) {
  const usage = doc.cpuUsage ?? [];
  const tasks = usage.map((u) => displayName(u.task));
  return {
    id: 'usage',
    title: 'CPU usage vs context switches',
    draw(container) {
      const chartBox = element('div', { className: 'chart' });
      container.append(chartBox);
      if (usage.length === 0) chartBox.replaceWith(element('p', { className: 'empty', text: 'No selected task ran in the window.' }));
      const chart = usage.length === 0 ? null : sizedChart(chartBox, usage.length);
      chart?.setOption({
        animation: false,
        legend: { top: 0 },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          formatter: (items) => [escapeHtml(tasks[items[0].dataIndex]), ...items.map((item) => tooltipLine(item.marker, item.seriesName,
            item.seriesIndex === 0 ? `${formatNumber(item.value, 2)} %` : formatNumber(item.value)))].join('<br>'),
        },
        grid: { left: 10, right: 40, top: 60, bottom: 40, containLabel: true },
        xAxis: [
          { type: 'value', name: 'CPU usage (% of one core)', nameLocation: 'middle', nameGap: 25, position: 'top' },
          { type: 'value', name: 'context switches', nameLocation: 'middle', nameGap: 25, position: 'bottom' },
        ],
        yAxis: { type: 'category', data: tasks, inverse: true, axisLabel: taskAxisLabel },
        series: [
          { name: 'CPU usage', type: 'bar', xAxisIndex: 0, data: usage.map((u) => u.cpuPercent), itemStyle: { color: CPU_COLOR } },
          { name: 'context switches', type: 'bar', xAxisIndex: 1, data: usage.map((u) => u.switches), itemStyle: { color: SWITCH_COLOR } },
        ],
      });
      return chart;
    },
  };
}

function sortableTable(columns, rows) {
  let sortColumn = columns.length - 1;
  let descending = true;
  const body = element('tbody');
  const headers = columns.map((column, c) => element('th', {
    text: column.title,
    title: 'sort',
    onclick: () => {
      descending = sortColumn === c ? !descending : c !== 0;
      sortColumn = c;
      fill();
    },
  }));
  function fill() {
    const sorted = [...rows].sort((a, b) => {
      const x = a[sortColumn], y = b[sortColumn];
      const order = typeof x === 'string' ? x.localeCompare(y) : x - y;
      return descending ? -order : order;
    });
    body.replaceChildren(...sorted.map((row) => element('tr', {},
      ...row.map((value, c) => element('td', { className: c === 0 ? 'name' : 'number', text: c === 0 ? displayName(value) : formatNumber(value) })))));
    headers.forEach((header, c) => header.setAttribute('aria-sort', c !== sortColumn ? 'none' : descending ? 'descending' : 'ascending'));
  }
  fill();
  return element('table', { className: 'data' }, element('thead', {}, element('tr', {}, ...headers)), body);
}

export function kvmView(doc) {
  const report = doc.kvmExits ?? { reasons: [], tasks: [] };
  const tasks = report.tasks.filter((t) => t.total > 0);
  const used = report.reasons.map((_, r) => r).filter((r) => tasks.some((t) => t.counts[r] > 0));
  const names = tasks.map((t) => displayName(t.task));
  return {
    id: 'kvm',
    title: 'KVM exit types',
    draw(container) {
      if (tasks.length === 0) {
        container.append(element('p', { className: 'empty', text: 'No KVM exits for the selected tasks (the capture has no kvm:kvm_exit events, or no selected task is a vCPU).' }));
        return null;
      }
      const chartBox = element('div', { className: 'chart' });
      container.append(chartBox);
      const chart = sizedChart(chartBox, tasks.length + 2);
      chart.setOption({
        animation: false,
        legend: { type: 'scroll', top: 0 },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          formatter: (items) => [escapeHtml(names[items[0].dataIndex]),
            ...items.filter((item) => item.value > 0).map((item) => tooltipLine(item.marker, item.seriesName, formatNumber(item.value)))].join('<br>'),
        },
        grid: { left: 10, right: 40, top: 50, bottom: 30, containLabel: true },
        xAxis: { type: 'value', name: 'exits', nameLocation: 'middle', nameGap: 25 },
        yAxis: { type: 'category', data: names, inverse: true, axisLabel: taskAxisLabel },
        series: used.map((r) => ({
          name: report.reasons[r].name,
          type: 'bar',
          stack: 'exits',
          data: tasks.map((t) => t.counts[r]),
          itemStyle: { color: exitReasonColor(report.reasons[r].name) },
        })),
      });
      const columns = [{ title: 'task' }, ...used.map((r) => ({ title: report.reasons[r].name })), { title: 'total' }];
      const rows = tasks.map((t) => [t.task, ...used.map((r) => t.counts[r]), t.total]);
      container.append(sortableTable(columns, rows));
      return chart;
    },
  };
}

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

export function runsView(doc) {
  const usage = doc.cpuUsage ?? [];
  const runs = doc.runs.map((r) => r.name);
  // A task of a diff is shown as <task>.<run>; its name alone matches it across the runs.
  const bases = [...new Set(usage.map((u) => u.name ?? u.task))];
  const byKey = new Map(usage.map((u) => [`${u.name ?? u.task}\u0000${u.run}`, u]));
  const names = bases.map(displayName);
  return {
    id: 'runs',
    title: 'Runs side by side',
    draw(container) {
      const chartBox = element('div', { className: 'chart' });
      container.append(chartBox);
      const chart = sizedChart(chartBox, bases.length * Math.max(1, runs.length / 2));
      const series = [];
      runs.forEach((run, r) => {
        for (const [axis, field] of [[0, 'cpuPercent'], [1, 'switches']]) {
          series.push({
            name: run,
            type: 'bar',
            xAxisIndex: axis,
            yAxisIndex: axis,
            data: bases.map((base) => byKey.get(`${base}\u0000${run}`)?.[field] ?? 0),
            itemStyle: { color: RUN_COLORS[r % RUN_COLORS.length] },
          });
        }
      });
      chart.setOption({
        animation: false,
        legend: { top: 0, data: runs },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          formatter: (items) => [escapeHtml(names[items[0].dataIndex]),
            ...items.map((item) => tooltipLine(item.marker, item.seriesName,
              item.axisIndex === 0 || item.seriesIndex % 2 === 0 ? `${formatNumber(item.value, 2)} %` : `${formatNumber(item.value)} switches`))].join('<br>'),
        },
        // Both plot areas must span the same height, or a task's bars sit beside another task's label:
        // no containLabel (it shrinks the first grid by its axis labels), room for the names measured instead.
        grid: [
          { left: 10 + labelRoom(names), right: '44%', top: 60, bottom: 40 },
          { left: '58%', right: 30, top: 60, bottom: 40 },
        ],
        xAxis: [
          { type: 'value', gridIndex: 0, name: 'CPU usage (% of one core)', nameLocation: 'middle', nameGap: 25, position: 'top' },
          { type: 'value', gridIndex: 1, name: 'context switches', nameLocation: 'middle', nameGap: 25, position: 'top' },
        ],
        yAxis: [
          { type: 'category', gridIndex: 0, data: names, inverse: true, axisLabel: taskAxisLabel },
          { type: 'category', gridIndex: 1, data: names, inverse: true, axisLabel: { show: false } },
        ],
        series,
      });
      return chart;
    },
  };
}
