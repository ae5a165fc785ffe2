"use client";

import { type InvalidateQueryFilters, type QueryKey, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { Button } from "./button";
import { ConfirmDialog } from "./confirm-dialog";

/**
 * Deletes one object behind a confirmation, then forgets its cached query (`removes`), refreshes the lists that held
 * it (`invalidates`) and leaves its page for `goTo`.
 */
export const DeleteDialog = ({
  label,
  variant = "danger-outline",
  onDelete,
  removes,
  invalidates = [],
  goTo,
  ...dialog
}: Omit<React.ComponentProps<typeof ConfirmDialog>, "trigger" | "onConfirm"> & {
  label: string;
  variant?: "danger" | "danger-outline";
  onDelete: () => Promise<unknown>;
  removes?: QueryKey;
  invalidates?: InvalidateQueryFilters[];
  goTo: string;
}) => {
  const router = useRouter();
  const queryClient = useQueryClient();
  return (
    <ConfirmDialog
      {...dialog}
      trigger={
        <Button icon={Trash2} variant={variant}>
          {label}
        </Button>
      }
      onConfirm={async () => {
        await onDelete();
        if (removes) queryClient.removeQueries({ queryKey: removes });
        await Promise.all(invalidates.map((filters) => queryClient.invalidateQueries(filters)));
        router.push(goTo);
      }}
    />
  );
};
