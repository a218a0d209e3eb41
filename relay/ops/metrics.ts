/**
 * The relay's metrics in the Prometheus text format (`GET /metrics`): a handful of counters, gauges
 * and one histogram, kept by hand so the relay needs no metrics library.
 */

type Labels = Record<string, string>;

const labelKey = (labels: Labels) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}="${value.replace(/["\\\n]/g, '_')}"`)
    .join(',');

class Counter {
  readonly #values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }

  value(labels: Labels = {}): number {
    return this.#values.get(labelKey(labels)) ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, value] of this.#values) lines.push(`${this.name}${key ? `{${key}}` : ''} ${value}`);
    return lines.join('\n');
  }
}

class Gauge {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => number,
  ) {}

  render(): string {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} gauge`,
      `${this.name} ${this.read()}`,
    ].join('\n');
  }
}

class Histogram {
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[],
  ) {
    this.#counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    this.#sum += value;
    this.#count += 1;
    for (let index = 0; index < this.buckets.length; index += 1) {
      if (value <= (this.buckets[index] as number)) this.#counts[index] = (this.#counts[index] as number) + 1;
    }
  }

  get count(): number {
    return this.#count;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    this.buckets.forEach((bound, index) =>
      lines.push(`${this.name}_bucket{le="${bound}"} ${this.#counts[index]}`),
    );
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.#count}`);
    lines.push(`${this.name}_sum ${this.#sum}`, `${this.name}_count ${this.#count}`);
    return lines.join('\n');
  }
}

export class RelayMetrics {
  readonly eventsIn = new Counter('relay_events_in_total', 'Bitrix24 events received, by event and outcome');
  readonly commandsOut = new Counter('relay_commands_out_total', 'Commands sent to agent apps, by kind');
  readonly finishes = new Counter('relay_finishes_total', 'Calls the relay finished itself, by status');
  readonly hubRequests = new Counter(
    'relay_hub_requests_total',
    'Requests from agent apps, by method and outcome',
  );
  /** Seconds from the event's arrival to the command written to the app's socket. */
  readonly dispatchLatency = new Histogram(
    'relay_dispatch_latency_seconds',
    'Event received to command written to the agent connection',
    [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
  );
  readonly #gauges: Gauge[] = [];

  gauge(name: string, help: string, read: () => number): void {
    this.#gauges.push(new Gauge(name, help, read));
  }

  render(): string {
    return `${[
      this.eventsIn,
      this.commandsOut,
      this.finishes,
      this.hubRequests,
      this.dispatchLatency,
      ...this.#gauges,
    ]
      .map((metric) => metric.render())
      .join('\n')}\n`;
  }
}
