import { Zap } from "lucide-react";
import { Badge } from "@/components/ui/badge";

/** Whether a feature group is also served from the online store. */
export const OnlineBadge = ({ isOnline }: { isOnline: boolean }) =>
  isOnline ? (
    <Badge tone="success" className="whitespace-nowrap">
      <Zap className="size-3" aria-hidden /> Online
    </Badge>
  ) : (
    <Badge tone="neutral" className="whitespace-nowrap">
      Offline only
    </Badge>
  );
