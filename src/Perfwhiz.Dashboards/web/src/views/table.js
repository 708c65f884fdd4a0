// A table whose columns sort on a click, built from text and elements only (never HTML).
import { element } from '../text.js';

// A column: title, key(row) the value it sorts by (a number, a string, or null: always last),
// cell(row) what it shows (text or an element), numeric (right-aligned). `sort` gives the first
// order: the column's index and direction, or a comparison of rows (which a click on a header replaces).
export function sortableTable(columns, rows, sort = { column: columns.length - 1, descending: true }) {
  let sortColumn = sort.column;
  let descending = sort.descending;
  let compare = sort.compare ?? null;
  const body = element('tbody');
  const headers = columns.map((column, c) => element('th', {
    text: column.title,
    title: 'sort',
    className: column.numeric ? 'number' : '',
    onclick: () => {
      descending = sortColumn === c ? !descending : Boolean(column.numeric);
      sortColumn = c;
      compare = null;
      fill();
    },
  }));
  function byColumn(a, b) {
    const x = columns[sortColumn].key(a), y = columns[sortColumn].key(b);
    if (x == null || y == null) return (x == null) - (y == null);
    const order = typeof x === 'string' ? x.localeCompare(y) : x - y;
    return descending ? -order : order;
  }
  function fill() {
    const sorted = [...rows].sort(compare ?? byColumn);
    body.replaceChildren(...sorted.map((row) => element('tr', {},
      ...columns.map((column) => element('td', { className: column.numeric ? 'number' : 'name' }, column.cell(row))))));
    headers.forEach((header, c) => header.setAttribute('aria-sort', compare || c !== sortColumn ? 'none' : descending ? 'descending' : 'ascending'));
  }
  fill();
  return element('table', { className: 'data' }, element('thead', {}, element('tr', {}, ...headers)), body);
}
