import os from 'node:os';

/** Figures of one measured series: what docs/BENCHMARKS.md reports for it. */
export interface Summary {
  samples: number;
  median: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
  /** Inter-quartile range: the spread of the middle half, robust to a few outliers. */
  iqr: number;
}

/** Nearest-rank percentile of an ascending series. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    iqr: percentile(sorted, 75) - percentile(sorted, 25),
  };
}

/** The machine a figure was measured on, as BENCHMARKS.md records it. */
export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export function formatSummary(name: string, summary: Summary, unit: string): string {
  const f = (value: number) => `${value.toFixed(2)} ${unit}`;
  return `${name}: median ${f(summary.median)}, p90 ${f(summary.p90)}, p99 ${f(summary.p99)}, min ${f(summary.min)}, max ${f(summary.max)}, IQR ${f(summary.iqr)} (n=${summary.samples})`;
}
