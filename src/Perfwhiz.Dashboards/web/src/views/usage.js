// CPU usage vs context switches: per task, run time as % of one core and switch counts.
import { CPU_COLOR, SWITCH_COLOR } from '../colors.js';
import { displayName, element, escapeHtml, formatNumber } from '../text.js';
import { sizedChart, taskAxisLabel, tooltipLine } from './layout.js';

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
