// A table whose columns sort on a click, built from text only.
import { displayName, element, formatNumber } from '../text.js';

export function sortableTable(columns, rows) {
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
