/**
 * One line per figure of issue 14, so `npm run bench` (bench/run.ts) can gather every script's figures into one table.
 * A figure line is `FIGURE\t<name>\t<value>\t<goal>\t<met|not met>`; scripts print whatever else they like around it.
 */
export interface Figure {
  name: string;
  value: number;
  unit: 'ms' | '×' | '/s' | 'ratio' | 's' | 'MB' | 'count';
  /** The goal as a bound on the value. */
  goal: { max: number } | { min: number };
}

export function formatValue(value: number, unit: Figure['unit']): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  if (unit === 'count') return String(value);
  return unit === 'ratio' ? value.toFixed(3) : `${value.toFixed(digits)} ${unit}`;
}

export function reportFigure(figure: Figure): boolean {
  const met = 'max' in figure.goal ? figure.value <= figure.goal.max : figure.value >= figure.goal.min;
  const goal = 'max' in figure.goal ? `≤ ${formatValue(figure.goal.max, figure.unit)}` : `≥ ${formatValue(figure.goal.min, figure.unit)}`;
  console.log(`FIGURE\t${figure.name}\t${formatValue(figure.value, figure.unit)}\t${goal}\t${met ? 'met' : 'NOT MET'}`);
  return met;
}

/** Median and 95th percentile of timing samples (ms). */
export function percentiles(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

/**
 * Runs fn `runs` times after one warm-up and returns the timings in ms. Bounded: a call that takes seconds (as the
 * searches did before issue 14) is timed once, and any case stops adding samples after 5 s, so the whole bench stays
 * well under 10 minutes whatever it measures.
 */
export function time(runs: number, fn: (run: number) => unknown): number[] {
  const warm = performance.now();
  fn(-1);
  const warmUp = performance.now() - warm;
  if (warmUp > 2_000) return [warmUp];
  const samples: number[] = [];
  const started = performance.now();
  for (let run = 0; run < runs; run++) {
    if (samples.length >= 3 && performance.now() - started > 5_000) break;
    const start = performance.now();
    fn(run);
    samples.push(performance.now() - start);
  }
  return samples;
}
