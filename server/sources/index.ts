// Data sources (docs/data-sources.md): PostgreSQL tables and queries, allowed files; feature groups from them.
export {
  createDataSource,
  createFeatureGroupFromSource,
  deleteDataSource,
  enqueueSourceIngest,
  findDataSources,
  getDataSource,
} from "./sources";
import "./lineage-kind";
