import "server-only";

// Keys Larder keeps in metaData.configuration. Delta passes unknown configuration keys through untouched,
// so other engines keep them when they write to the table.
export const TABLE_CONFIG = {
  /** JSON array of the primary-key column names. */
  primaryKey: "larder.primaryKey",
  /** Name of the event-time column, if any. */
  eventTime: "larder.eventTime",
} as const;
