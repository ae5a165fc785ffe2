import "server-only";

// Lineage (docs/lineage.md): what routes and the rooms above (models, sources) may use.
export { getLineageGraph } from "./graph";
export { getLineageImpact } from "./impact";
export { getPiiFlow } from "./pii-flow";
export { putLineageParents } from "./parents";
export { setEdgeDeidentifying } from "./deidentify";
export { registerLineageNodeKind, type TLineageNodeResolver } from "./kinds";
export { exportOpenLineage } from "./openlineage";
