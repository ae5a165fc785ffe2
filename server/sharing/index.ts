// The sharing room's door (docs/sharing.md): shares between projects. What a share makes readable is decided in
// the floor's access-where.ts, not here.
export { createShare, decideShare, getShareImpact, listShares, revokeShare } from "./shares";
