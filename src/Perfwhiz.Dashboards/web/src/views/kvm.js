// KVM exit types: per vCPU task, its exits stacked by reason, and the same counts as a table.
import { exitReasonColor } from '../colors.js';
import { displayName, element, escapeHtml, formatNumber } from '../text.js';
import { sizedChart, taskAxisLabel, tooltipLine } from './layout.js';
import { sortableTable } from './table.js';

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
