import "server-only";

// Lineage (docs/lineage.md): what routes may use. The rooms above (models, sources) register their node kinds with
// `registerLineageNodeKind` from ./kinds.
export { getLineageGraph } from "./graph";
export { getLineageImpact } from "./impact";
export { getPiiFlow } from "./pii-flow";
export { putLineageParents } from "./parents";
export { setEdgeDeidentifying } from "./deidentify";
export { exportOpenLineage } from "./openlineage";
