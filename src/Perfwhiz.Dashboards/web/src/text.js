// Task names are chosen by whoever runs a process: they reach the page only as text.

// What would break a line, hide itself or reorder the text around it is shown escaped, so two
// different names never look the same: the rule of VisibleText.Escape (src/Perfwhiz.Core), which
// the terminal and the page title use. The backslash, control and format characters (zero-width,
// bidi overrides), line/paragraph separators, spaces other than U+0020, lone surrogates, private
// use, and right-to-left letters.
const ESCAPES = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const HIDDEN = /[\\\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/gu;

function escapeCodePoint(c) {
  const code = c.codePointAt(0);
  return code <= 0xffff ? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}` : `\\U${code.toString(16).toUpperCase().padStart(8, '0')}`;
}

export function displayName(name) {
  return String(name).replace(HIDDEN, (c) => ESCAPES[c] ?? escapeCodePoint(c));
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

// A name longer than maxLength characters loses its middle, not its end: the trailing dotted parts
// (vCPU, role, run name: `.vcpu0.run2`) are what tells a row from its neighbours, so they are kept
// whole when they fit, then as much of the rest of the end as the room allows after a short head
// (`ESC…FULL_01.vcpu0.run2`).
// Works on code points, so no surrogate pair is split. Show the full name on hover.
export function shortenMiddle(name, maxLength) {
  const chars = Array.from(String(name));
  if (chars.length <= maxLength) return chars.join('');
  const room = Math.max(2, maxLength - 1); // one character for the ellipsis
  const text = chars.join('');
  // The longest run of trailing dotted segments that leaves room for a head of three characters.
  let tail = 0;
  for (let dot = text.lastIndexOf('.'); dot > 0; dot = text.lastIndexOf('.', dot - 1)) {
    const length = Array.from(text.slice(dot)).length;
    if (length > room - 3) break;
    tail = length;
  }
  const head = Math.min(room - tail, Math.max(3, Math.floor(room / 8)));
  const end = room - head;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - end).join('')}`;
}
