// CPU usage vs context switches: per task, run time as % of one core and switches per second, on
// linear axes or, when one task dwarfs the rest, logarithmic ones.
import { CPU_COLOR, SWITCH_COLOR } from '../colors.js';
import { displayName, element, escapeHtml, formatNumber } from '../text.js';
import { sizedChart, taskAxisLabel, tooltipLine } from './layout.js';
import { groupedByTask } from './task-groups.js';

// A log axis spans whole decades around the data (ECharts' own range may clip the longest bars).
function axis(name, log) {
  const decades = log ? { min: (range) => 10 ** Math.floor(Math.log10(range.min)), max: (range) => 10 ** Math.ceil(Math.log10(range.max)) } : { min: null, max: null };
  return { type: log ? 'log' : 'value', name: `${name}${log ? ', log scale' : ''}`, nameLocation: 'middle', nameGap: 25, ...decades };
}

export function usageView(doc) {
  const usage = groupedByTask(doc.cpuUsage ?? []);
  const tasks = usage.map((u) => displayName(u.task));
  let chart = null;
  return {
    id: 'usage',
    title: 'CPU usage vs context switches',
    // The task's rows (one per run) highlighted, the tooltip of the given run's row shown.
    focus(name, run) {
      const rows = usage.map((u, i) => ((u.name ?? u.task) === name ? i : -1)).filter((i) => i >= 0);
      if (rows.length === 0) return;
      chart.dispatchAction({ type: 'downplay', seriesIndex: [0, 1] });
      rows.forEach((dataIndex) => chart.dispatchAction({ type: 'highlight', seriesIndex: [0, 1], dataIndex }));
      chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: rows.find((i) => usage[i].run === run) ?? rows[0] });
    },
    draw(container) {
      if (usage.length === 0) {
        container.append(element('p', { className: 'empty', text: 'No selected task ran in the window.' }));
        return null;
      }
      const toggle = element('input', { type: 'checkbox', id: 'usage-log', onchange: () => chart.setOption({
        xAxis: [{ ...axis('CPU usage (% of one core)', toggle.checked), position: 'top' }, { ...axis('context switches per second', toggle.checked), position: 'bottom', splitLine: { show: false } }],
      }) });
      container.append(element('div', { className: 'controls' }, element('label', {}, toggle, ' log scale (when one task dwarfs the rest)')));
      const chartBox = element('div', { className: 'chart' });
      container.append(chartBox);
      chart = sizedChart(chartBox, usage.length);
      chart.setOption({
        animation: false,
        legend: { top: 0 },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          formatter: (items) => [escapeHtml(tasks[items[0].dataIndex]), ...items.map((item) => tooltipLine(item.marker, item.seriesName,
            item.seriesIndex === 0 ? `${formatNumber(item.value, 2)} %` : `${formatNumber(item.value, 1)} /s (${formatNumber(usage[item.dataIndex].switches)} in all)`))].join('<br>'),
        },
        grid: { left: 10, right: 40, top: 60, bottom: 40, containLabel: true },
        xAxis: [{ ...axis('CPU usage (% of one core)', false), position: 'top' }, { ...axis('context switches per second', false), position: 'bottom', splitLine: { show: false } }],
        yAxis: { type: 'category', data: tasks, inverse: true, axisLabel: taskAxisLabel },
        series: [
          { name: 'CPU usage', type: 'bar', xAxisIndex: 0, data: usage.map((u) => u.cpuPercent), itemStyle: { color: CPU_COLOR }, emphasis: { focus: 'none' } },
          { name: 'context switches', type: 'bar', xAxisIndex: 1, data: usage.map((u) => u.switchesPerSecond), itemStyle: { color: SWITCH_COLOR }, emphasis: { focus: 'none' } },
        ],
      });
      return chart;
    },
  };
}
