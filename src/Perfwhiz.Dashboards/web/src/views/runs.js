// Runs side by side (several captures): each task's CPU usage and switches per second, one bar per
// run, each run a shade of the metric's colour.
import { cpuShade, switchShade } from '../colors.js';
import { displayName, element, escapeHtml, formatNumber } from '../text.js';
import { labelRoom, sizedChart, taskAxisLabel, tooltipLine } from './layout.js';

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
        for (const [axis, field, shade] of [[0, 'cpuPercent', cpuShade], [1, 'switchesPerSecond', switchShade]]) {
          series.push({
            name: run,
            type: 'bar',
            xAxisIndex: axis,
            yAxisIndex: axis,
            data: bases.map((base) => byKey.get(`${base}\u0000${run}`)?.[field] ?? 0),
            itemStyle: { color: shade(r) },
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
              item.axisIndex === 0 || item.seriesIndex % 2 === 0 ? `${formatNumber(item.value, 2)} %` : `${formatNumber(item.value, 1)} switches/s`))].join('<br>'),
        },
        // Both plot areas must span the same height, or a task's bars sit beside another task's label:
        // no containLabel (it shrinks the first grid by its axis labels), room for the names measured instead.
        grid: [
          { left: 10 + labelRoom(names), right: '44%', top: 60, bottom: 40 },
          { left: '58%', right: 30, top: 60, bottom: 40 },
        ],
        xAxis: [
          { type: 'value', gridIndex: 0, name: 'CPU usage (% of one core)', nameLocation: 'middle', nameGap: 25, position: 'top' },
          { type: 'value', gridIndex: 1, name: 'context switches per second', nameLocation: 'middle', nameGap: 25, position: 'top' },
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
