// Default ports, shared by the servers, the start script and the console's copy-paste snippets.

/**
 * The feature server's default port. Feast uses 6566, but 6566 is on the Fetch standard's blocked-port list, so
 * Node's fetch() and every browser refuse it outright ("bad port"); 6567 is the next port fetch accepts.
 */
export const DEFAULT_SERVING_PORT = 6567;
