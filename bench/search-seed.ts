import pg from "pg";

// The search benchmark's catalog, written with direct SQL (fast, not through the API): `projects` projects, `groups`
// feature groups spread over them with `featuresPerGroup` features each, and `tags` tags on features (pii on the
// personal ones, a `quality` schema on the rest). Triggers are off while it loads (the owner's session is a
// replica); the index is then built by the same view the triggers use, in one statement.

export type TSearchCatalog = { projects: number; groups: number; featuresPerGroup: number; tags: number };

const GROUP_WORDS = [
  "card",
  "merchant",
  "customer",
  "transaction",
  "device",
  "account",
  "payment",
  "loan",
  "session",
  "order",
];
const GROUP_SUFFIXES = ["profiles", "aggregates", "events", "scores", "history", "stats", "features", "signals"];
const FEATURES: [name: string, type: string, pii: string | null][] = [
  ["amount", "double", null],
  ["amount_avg_7d", "double", null],
  ["txn_count_30d", "bigint", null],
  ["holder_email", "string", "email"],
  ["holder_phone", "string", "phone"],
  ["home_country", "string", "location"],
  ["latitude", "double", "location"],
  ["longitude", "double", "location"],
  ["device_id", "string", "device_id"],
  ["ip_address", "string", "device_id"],
  ["account_age_days", "int", null],
  ["credit_limit", "double", "financial"],
  ["is_premium", "boolean", null],
  ["fraud_rate", "double", null],
  ["category", "string", null],
  ["merchant_id", "bigint", null],
  ["card_number", "string", "financial"],
  ["holder_name", "string", "name"],
  ["risk_score", "double", null],
  ["updated_at", "timestamp", null],
];

const textArray = (values: readonly string[]) => `ARRAY[${values.map((value) => `'${value}'`).join(",")}]`;

export const seedSearchCatalog = async (ownerUrl: string, catalog: TSearchCatalog): Promise<{ userId: string }> => {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    await client.query(`INSERT INTO "User" (id, email, name) SELECT 'usr_bench' || i, 'bench' || i || '@example.test',
      'Bench ' || i FROM generate_series(0, 4) i`);
    await client.query(
      `INSERT INTO "Project" (id, name) SELECT 'prj_bench' || i, 'bench_project_' || lpad(i::text, 2, '0')
      FROM generate_series(0, $1 - 1) i`,
      [catalog.projects],
    );
    await client.query(`INSERT INTO "Membership" ("projectId", "userId", role) SELECT id, 'usr_bench0', 'VIEWER'
      FROM "Project" WHERE id LIKE 'prj_bench%'`);
    await client.query(`INSERT INTO "TagSchema" (id, name, version, fields) VALUES ('tsc_bench_quality', 'bench_quality', 1,
      '[{"name":"tier","type":"enum","required":true,"values":["gold","silver","bronze"]}]')`);
    await client.query(
      `INSERT INTO "FeatureGroup" (id, "projectId", name, version, description, "primaryKey", "tablePath", "onlineEnabled",
         "createdById", "lastCommitAt")
       SELECT 'fg_bench' || i, 'prj_bench' || (i % $2), w.word || '_' || s.suffix || '_' || i, 1,
              'Aggregated ' || w.word || ' ' || s.suffix || ' for fraud detection, refreshed hourly', '{id}', '/bench/' || i,
              i % 3 = 0, 'usr_bench' || (i % 5), now() - (i || ' minutes')::interval
         FROM generate_series(0, $1 - 1) i,
              LATERAL (SELECT (${textArray(GROUP_WORDS)})[i % ${GROUP_WORDS.length} + 1] AS word) w,
              LATERAL (SELECT (${textArray(GROUP_SUFFIXES)})[(i / ${GROUP_WORDS.length}) % ${GROUP_SUFFIXES.length} + 1] AS suffix) s`,
      [catalog.groups, catalog.projects],
    );
    const features = FEATURES.slice(0, catalog.featuresPerGroup);
    await client.query(
      `INSERT INTO "Feature" ("featureGroupId", name, type, description, position)
       SELECT g.id, f.name, f.type, 'The ' || replace(f.name, '_', ' ') || ' of ' || replace(g.name, '_', ' '), f.position
         FROM "FeatureGroup" g,
              unnest(${textArray(features.map(([name]) => name))}, ${textArray(features.map(([, type]) => type))})
                WITH ORDINALITY AS f(name, type, position)
        WHERE g.id LIKE 'fg_bench%'`,
    );
    // Tags on `tags` features chosen at random (stable): pii on the personal ones, a quality tier on the others.
    await client.query(
      `INSERT INTO "Tag" (id, "projectId", "targetKind", "targetId", "featureName", "schemaName", "schemaVersion", value,
         "updatedById")
       SELECT 'tag_bench' || n, t."projectId", 'feature', t.id, t.name, t.schema, 1, t.value, 'usr_bench0'
         FROM (SELECT row_number() OVER (ORDER BY md5(g.id || f.name)) AS n, g."projectId", g.id, f.name,
                      CASE WHEN p.category IS NULL THEN 'bench_quality' ELSE 'pii' END AS schema,
                      CASE WHEN p.category IS NULL THEN jsonb_build_object('tier', (ARRAY['gold','silver','bronze'])[length(g.id) % 3 + 1])
                           ELSE jsonb_build_object('category', p.category, 'legalBasis', 'contract') END AS value
                 FROM "FeatureGroup" g JOIN "Feature" f ON f."featureGroupId" = g.id
                 LEFT JOIN unnest(${textArray(FEATURES.filter(([, , pii]) => pii).map(([name]) => name))},
                                  ${textArray(FEATURES.filter(([, , pii]) => pii).map(([, , pii]) => pii!))}) AS p(name, category)
                   ON p.name = f.name
                WHERE g.id LIKE 'fg_bench%') t
        WHERE n <= $1`,
      [catalog.tags],
    );
    await client.query(
      "INSERT INTO larder_search.document SELECT * FROM larder_search.source ON CONFLICT (key) DO NOTHING",
    );
    await client.query("COMMIT");
    await client.query("ANALYZE");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    await client.end();
  }
  return { userId: "usr_bench0" };
};
