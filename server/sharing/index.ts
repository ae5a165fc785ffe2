// The sharing room's door (docs/sharing.md): shares between projects. What a share makes readable is decided in
// the floor's access-where.ts, not here.
export { createShare, decideShare, getShareImpact, listShares, revokeShare } from "./shares";
export {
  createAccessRequest,
  decideAccessRequest,
  listOwnAccessRequests,
  listProjectAccessRequests,
  withdrawAccessRequest,
} from "./access-requests";
export { setProjectDiscoverable } from "./discoverable";
export { listNotifications, markNotificationsRead } from "./notifications";
