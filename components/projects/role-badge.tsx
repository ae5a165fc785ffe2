import { Badge, type TBadgeTone } from "@/components/ui/badge";
import { ROLE_LABELS, type TRole } from "@/lib/scopes";

const ROLE_TONES: Record<TRole, TBadgeTone> = { OWNER: "brand", EDITOR: "info", VIEWER: "neutral", AUDITOR: "violet" };

export const RoleBadge = ({ role }: { role: TRole }) => <Badge tone={ROLE_TONES[role]}>{ROLE_LABELS[role]}</Badge>;
