// Task names are chosen by whoever runs a process: they reach the page only as text.

// Control characters (a newline in a name) would break labels and rows: show them escaped.
const ESCAPES = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function displayName(name) {
  return String(name).replace(/[\u0000-\u001f\u007f]/g, (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

// For the few places that take HTML (ECharts tooltips).
export function escapeHtml(text) {
  return String(text).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'className') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

export function formatNumber(value, digits = 0) {
  return Number(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
