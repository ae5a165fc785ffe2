"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CalendarPlus } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { ZCreateJobScheduleSchema } from "@/lib/api/jobs";
import { ApiError } from "@/lib/client/api";
import { createSchedule, featureStoreKeys } from "@/lib/client/feature-store";
import { pathErrorsOf, type TPathErrors } from "@/lib/client/path-errors";

const SCHEDULE_TYPES = {
  compact: "Compact — merge small files into larger ones",
  vacuum: "Vacuum — delete files no longer referenced (older than 7 days)",
} as const;

const CRON_EXAMPLES =
  "Five fields in UTC: minute hour day-of-month month day-of-week. “0 3 * * *” is daily at 03:00; “0 */6 * * *” every 6 hours; “0 4 * * 0” Sundays at 04:00.";

export const CreateScheduleDialog = ({
  project,
  featureGroups,
}: {
  project: string;
  featureGroups: TFeatureGroup[];
}) => {
  const queryClient = useQueryClient();
  const [isOpen, setIsOpen] = useState(false);
  const [type, setType] = useState<keyof typeof SCHEDULE_TYPES>("compact");
  const [featureGroupId, setFeatureGroupId] = useState("");
  const [cron, setCron] = useState("0 3 * * *");
  const [errors, setErrors] = useState<TPathErrors>({});
  const mutation = useMutation({
    mutationFn: createSchedule,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: featureStoreKeys.schedules(project) });
      changeOpen(false);
    },
    onError: (error) => setErrors(pathErrorsOf(error)),
  });
  const changeOpen = (open: boolean) => {
    setIsOpen(open);
    if (open) return setFeatureGroupId((current) => current || featureGroups[0]?.id || "");
    setErrors({});
    mutation.reset();
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!featureGroupId) return setErrors({ "payload.featureGroupId": "choose a feature group" });
    const body = { type, cron, payload: { featureGroupId }, enabled: true };
    const parsed = ZCreateJobScheduleSchema.safeParse(body);
    if (!parsed.success) return setErrors(pathErrorsOf(parsed.error));
    setErrors({});
    mutation.mutate({ project, body });
  };
  const formError =
    mutation.error instanceof ApiError && mutation.error.errors.length === 0
      ? (mutation.error.detail ?? mutation.error.title)
      : null;
  return (
    <Dialog open={isOpen} onOpenChange={changeOpen}>
      <DialogTrigger asChild>
        <Button>
          <CalendarPlus aria-hidden /> New schedule
        </Button>
      </DialogTrigger>
      <DialogContent title="New schedule" description="Run table maintenance for a feature group on a schedule.">
        <form onSubmit={submit} noValidate className="grid gap-4">
          {formError && <Alert tone="danger">{formError}</Alert>}
          <Field label="Job type" error={errors.type}>
            {(control) => (
              <Select
                {...control}
                value={type}
                onChange={(event) => setType(event.target.value as keyof typeof SCHEDULE_TYPES)}
              >
                {Object.entries(SCHEDULE_TYPES).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Feature group" error={errors["payload.featureGroupId"] ?? errors.payload}>
            {(control) => (
              <Select {...control} value={featureGroupId} onChange={(event) => setFeatureGroupId(event.target.value)}>
                {featureGroups.length === 0 && <option value="">No feature groups yet</option>}
                {featureGroups.map((group) => (
                  <option key={group.id} value={group.id}>
                    {group.name} v{group.version}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Cron expression" hint={CRON_EXAMPLES} error={errors.cron}>
            {(control) => (
              <Input
                {...control}
                value={cron}
                onChange={(event) => setCron(event.target.value)}
                className="font-mono"
                spellCheck={false}
                autoComplete="off"
              />
            )}
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" isLoading={mutation.isPending}>
              Create schedule
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
};
