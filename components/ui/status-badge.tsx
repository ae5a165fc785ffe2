import { CircleDashed, type LucideIcon } from "lucide-react";
import { Badge, type TBadgeTone } from "@/components/ui/badge";

export type TStatusStyle = { label: string; tone: TBadgeTone; icon: LucideIcon };

/** A status as a badge with an icon (spinning while RUNNING); unknown statuses show as neutral text. */
export const StatusBadge = ({ status, styles }: { status: string; styles: Record<string, TStatusStyle> }) => {
  const { label, tone, icon: Icon } = styles[status] ?? { label: status, tone: "neutral" as const, icon: CircleDashed };
  return (
    <Badge tone={tone}>
      <Icon className={status === "RUNNING" ? "size-3 animate-spin" : "size-3"} aria-hidden />
      {label}
    </Badge>
  );
};
