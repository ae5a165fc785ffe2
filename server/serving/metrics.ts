// Prometheus metrics of the feature server, in the text exposition format (version 0.0.4), written by hand:
// three families, no dependency. Labels are our own route names (bounded), never user input.

// Latency buckets in seconds: dense around the ~1 ms target, up to the multi-second tail of a stalled store.
const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export type TServingMetrics = {
  observe: (params: { route: string; status: number; seconds: number; entities: number }) => void;
  error: (kind: string) => void;
  render: () => string;
};

export const createServingMetrics = (): TServingMetrics => {
  const requests = new Map<string, number>();
  const errors = new Map<string, number>();
  const entities = new Map<string, number>();
  const histograms = new Map<string, { counts: number[]; sum: number; count: number }>();

  return {
    observe: ({ route, status, seconds, entities: entityCount }) => {
      const key = `route="${route}",status="${status}"`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
      if (entityCount) entities.set(route, (entities.get(route) ?? 0) + entityCount);
      let histogram = histograms.get(route);
      if (!histogram)
        histograms.set(route, (histogram = { counts: new Array(LATENCY_BUCKETS.length).fill(0), sum: 0, count: 0 }));
      const bucket = LATENCY_BUCKETS.findIndex((bound) => seconds <= bound);
      if (bucket >= 0) histogram.counts[bucket] += 1;
      histogram.sum += seconds;
      histogram.count += 1;
    },
    error: (kind) => errors.set(kind, (errors.get(kind) ?? 0) + 1),
    render: () => {
      const lines: string[] = [];
      lines.push(
        "# HELP larder_serving_requests_total Requests answered, by route and HTTP status.",
        "# TYPE larder_serving_requests_total counter",
      );
      for (const [labels, value] of requests) lines.push(`larder_serving_requests_total{${labels}} ${value}`);
      lines.push(
        "# HELP larder_serving_entities_total Entities (feature vectors) requested, by route.",
        "# TYPE larder_serving_entities_total counter",
      );
      for (const [route, value] of entities) lines.push(`larder_serving_entities_total{route="${route}"} ${value}`);
      lines.push(
        "# HELP larder_serving_errors_total Server-side failures (5xx: online store, registry), by kind.",
        "# TYPE larder_serving_errors_total counter",
      );
      for (const [kind, value] of errors) lines.push(`larder_serving_errors_total{kind="${kind}"} ${value}`);
      lines.push(
        "# HELP larder_serving_request_duration_seconds Time from request received to response written.",
        "# TYPE larder_serving_request_duration_seconds histogram",
      );
      for (const [route, histogram] of histograms) {
        let cumulative = 0;
        LATENCY_BUCKETS.forEach((bound, index) => {
          cumulative += histogram.counts[index];
          lines.push(`larder_serving_request_duration_seconds_bucket{route="${route}",le="${bound}"} ${cumulative}`);
        });
        lines.push(`larder_serving_request_duration_seconds_bucket{route="${route}",le="+Inf"} ${histogram.count}`);
        lines.push(`larder_serving_request_duration_seconds_sum{route="${route}"} ${histogram.sum}`);
        lines.push(`larder_serving_request_duration_seconds_count{route="${route}"} ${histogram.count}`);
      }
      return `${lines.join("\n")}\n`;
    },
  };
};
