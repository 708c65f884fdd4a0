// KVM exit types: per vCPU task, its exits stacked by reason, and the same counts as a table.
import { exitReasonColor } from '../colors.js';
import { displayName, element, escapeHtml, formatNumber } from '../text.js';
import { sizedChart, taskAxisLabel, taskName, tooltipLine } from './layout.js';
import { sortableTable } from './table.js';

export function kvmView(doc) {
  const report = doc.kvmExits ?? { reasons: [], tasks: [] };
  const tasks = report.tasks.filter((t) => t.total > 0);
  const used = report.reasons.map((_, r) => r).filter((r) => tasks.some((t) => t.counts[r] > 0));
  const names = tasks.map((t) => displayName(t.task));
  let chart = null;
  return {
    id: 'kvm',
    title: 'KVM exit types',
    // With several runs a row's task is <name>.<run>: the given run's row, else the first of the name.
    focus(name, run) {
      const rows = tasks.map((t, i) => (t.task === name || t.task === `${name}.${t.run}` ? i : -1)).filter((i) => i >= 0);
      if (chart && rows.length > 0) chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: rows.find((i) => tasks[i].run === run) ?? rows[0] });
    },
    draw(container) {
      if (tasks.length === 0) {
        container.append(element('p', { className: 'empty', text: 'No KVM exits for the selected tasks (the capture has no kvm:kvm_exit events, or no selected task is a vCPU).' }));
        return null;
      }
      const chartBox = element('div', { className: 'chart' });
      container.append(chartBox);
      chart = sizedChart(chartBox, tasks.length + 2);
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
      const count = (value) => ({ key: value, cell: (t) => formatNumber(value(t)), numeric: true });
      const columns = [
        { title: 'task', key: (t) => displayName(t.task), cell: (t) => taskName(t.task) },
        ...used.map((r) => ({ title: report.reasons[r].name, ...count((t) => t.counts[r]) })),
        { title: 'total', ...count((t) => t.total) },
      ];
      container.append(sortableTable(columns, tasks));
      return chart;
    },
  };
}
