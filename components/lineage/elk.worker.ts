// ELK's own worker (docs/lineage.md): the layered layout runs here, off the main thread. elk-worker answers the
// messages of elkjs's API (lib/lineage/layout.ts passes that API in), so nothing else is needed in this file.
import "elkjs/lib/elk-worker.min.js";
