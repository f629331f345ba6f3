/** Latency buckets in seconds: the authorization path answers in milliseconds, dashboards in tens of ms. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Counter {
  labels: string;
  value: number;
}

interface Histogram {
  labels: string;
  counts: number[];
  sum: number;
  count: number;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string | number>): string {
  return Object.entries(pairs)
    .map(([name, value]) => `${name}="${escapeLabel(String(value))}"`)
    .join(',');
}

function count(series: Map<string, Counter>, key: string, labelsOf: () => string): void {
  const counter = series.get(key);
  if (counter) counter.value += 1;
  else series.set(key, { labels: labelsOf(), value: 1 });
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

/**
 * In-process request metrics in the Prometheus text format (0.0.4). Routes are labelled by their pattern
 * (`/v1/dashboard/licenses/:id`), never by the raw URL, so the number of series stays bounded.
 */
export class HttpMetrics {
  // Series are keyed by their raw label values (NUL-separated: no method, route pattern or reason code holds one);
  // the escaped label text is built once per series, not on every request.
  private readonly requests = new Map<string, Counter>();
  private readonly durations = new Map<string, Histogram>();
  private readonly decisions = new Map<string, Counter>();

  observe(method: string, route: string, status: number, seconds: number): void {
    count(this.requests, `${method}\0${route}\0${status}`, () => labels({ method, route, status }));
    const histogramKey = `${method}\0${route}`;
    let histogram = this.durations.get(histogramKey);
    if (!histogram) {
      histogram = { labels: labels({ method, route }), counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.durations.set(histogramKey, histogram);
    }
    LATENCY_BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) histogram.counts[i]! += 1;
    });
    histogram.sum += seconds;
    histogram.count += 1;
  }

  /** One authorization decision (authorize or /licensing/*) with its reason code. */
  observeDecision(route: string, reasonCode: string): void {
    count(this.decisions, `${route}\0${reasonCode}`, () => labels({ route, reason_code: reasonCode }));
  }

  render(): string {
    const lines: string[] = [];
    lines.push('# HELP geckoguard_http_requests_total HTTP requests answered, by method, route pattern and status.');
    lines.push('# TYPE geckoguard_http_requests_total counter');
    for (const c of this.requests.values()) lines.push(`geckoguard_http_requests_total{${c.labels}} ${c.value}`);

    lines.push('# HELP geckoguard_http_request_duration_seconds Time from receiving a request to sending its response.');
    lines.push('# TYPE geckoguard_http_request_duration_seconds histogram');
    for (const h of this.durations.values()) {
      LATENCY_BUCKETS.forEach((bound, i) => {
        lines.push(`geckoguard_http_request_duration_seconds_bucket{${h.labels},le="${bound}"} ${h.counts[i]}`);
      });
      lines.push(`geckoguard_http_request_duration_seconds_bucket{${h.labels},le="+Inf"} ${h.count}`);
      lines.push(`geckoguard_http_request_duration_seconds_sum{${h.labels}} ${formatNumber(h.sum)}`);
      lines.push(`geckoguard_http_request_duration_seconds_count{${h.labels}} ${h.count}`);
    }

    lines.push('# HELP geckoguard_authorizations_total License decisions, by route and reason code (ALLOW for granted).');
    lines.push('# TYPE geckoguard_authorizations_total counter');
    for (const c of this.decisions.values()) lines.push(`geckoguard_authorizations_total{${c.labels}} ${c.value}`);

    lines.push('# HELP geckoguard_process_uptime_seconds Seconds since the process started.');
    lines.push('# TYPE geckoguard_process_uptime_seconds gauge');
    lines.push(`geckoguard_process_uptime_seconds ${formatNumber(process.uptime())}`);
    return `${lines.join('\n')}\n`;
  }
}
