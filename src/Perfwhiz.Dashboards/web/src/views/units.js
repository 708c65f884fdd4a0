// Values of the comparison in their units, as perfmap --compare's table writes them (ComparisonUnits.cs).

// A number with `digits` decimals as .NET's custom formats ("0.0") write it: rounded half away from
// zero from its 15 significant digits (37.15 is "37.2" there, where toFixed, exact, says "37.1").
export function dotnetFixed(value, digits) {
  const text = Math.abs(value).toPrecision(15);
  if (text.includes('e')) return value.toFixed(digits);
  const [whole, fraction = ''] = text.split('.');
  const padded = fraction.padEnd(digits + 1, '0');
  let scaled = BigInt(whole + padded.slice(0, digits));
  if (padded[digits] >= '5') scaled += 1n;
  const figures = scaled.toString().padStart(digits + 1, '0');
  const rounded = digits > 0 ? `${figures.slice(0, -digits)}.${figures.slice(-digits)}` : figures;
  return value < 0 && scaled !== 0n ? `-${rounded}` : rounded;
}

export function formatDuration(ns) {
  if (ns < 1e3) return `${dotnetFixed(ns, 0)} ns`;
  if (ns < 1e6) return `${dotnetFixed(ns / 1e3, 1)} µs`;
  if (ns < 1e9) return `${dotnetFixed(ns / 1e6, 2)} ms`;
  return `${dotnetFixed(ns / 1e9, 3)} s`;
}

function formatRate(perSecond) {
  return perSecond >= 100 ? `${Math.round(perSecond).toLocaleString('en-US')}/s` : `${dotnetFixed(perSecond, 1)}/s`;
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
  const text = dotnetFixed(Math.abs(value), 1);
  return text === '0.0' ? text : `${value > 0 ? '+' : '-'}${text}`;
}

export function formatPercent(value) {
  return `${signed(value)} %`;
}
