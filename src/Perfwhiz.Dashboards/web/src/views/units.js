// Values of the comparison in their units, as perfmap --compare's table writes them (ComparisonUnits.cs).

export function formatDuration(ns) {
  if (ns < 1e3) return `${ns.toFixed(0)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(1)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(2)} ms`;
  return `${(ns / 1e9).toFixed(3)} s`;
}

function formatRate(perSecond) {
  return perSecond >= 100 ? `${Math.round(perSecond).toLocaleString('en-US')}/s` : `${perSecond.toFixed(1)}/s`;
}

// A value in a unit of the comparison document: '%core', '/s' or 'ns'; absent (null) is a dash, never 0.
export function formatValue(value, unit) {
  if (value == null) return '—';
  if (unit === '%core') return `${value.toFixed(2)} %`;
  return unit === '/s' ? formatRate(value) : formatDuration(value);
}

export function formatDifference(value, unit) {
  const sign = value > 0 ? '+' : value < 0 ? '-' : '';
  const size = Math.abs(value);
  return sign + (unit === '%core' ? `${size.toFixed(2)} pp` : unit === '/s' ? formatRate(size) : formatDuration(size));
}

// One decimal with its sign; a value that rounds to 0 has none (.NET's "+0.0;-0.0;0.0").
export function signed(value) {
  const text = Math.abs(value).toFixed(1);
  return text === '0.0' ? text : `${value > 0 ? '+' : '-'}${text}`;
}

export function formatPercent(value) {
  return `${signed(value)} %`;
}
