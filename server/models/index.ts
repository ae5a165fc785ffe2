// The model registry (docs/models.md): models, their links to feature views and training datasets, artifacts.
export { createModel, deleteModel, findModels, getModel } from "./models";
export { putModelArtifact, downloadModelArtifact } from "./artifacts";
import "./lineage-kind";
