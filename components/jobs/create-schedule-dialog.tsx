"use client";

import { CalendarPlus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { useZodForm } from "@/components/ui/use-zod-form";
import { VersionOptions } from "@/components/ui/select-options";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { ZCreateJobScheduleSchema } from "@/lib/api/jobs";
import { createSchedule, featureStoreKeys } from "@/lib/client/feature-store";

const SCHEDULE_TYPES = {
  compact: "Compact — merge small files into larger ones",
  vacuum: "Vacuum — delete files no longer referenced (older than 7 days)",
} as const;

const CRON_EXAMPLES =
  "Five fields in UTC: minute hour day-of-month month day-of-week. “0 3 * * *” is daily at 03:00; “0 */6 * * *” every 6 hours; “0 4 * * 0” Sundays at 04:00.";

// The API takes any payload and checks it against the job type when the schedule fires; the console asks for
// the one thing both maintenance jobs need before sending.
const ZScheduleFormSchema = ZCreateJobScheduleSchema.superRefine((body, context) => {
  if (!body.payload?.featureGroupId)
    context.addIssue({ code: "custom", path: ["payload", "featureGroupId"], message: "choose a feature group" });
});

type TScheduleForm = {
  type: keyof typeof SCHEDULE_TYPES;
  cron: string;
  payload: { featureGroupId: string };
  enabled: boolean;
};

export const CreateScheduleDialog = ({
  project,
  featureGroups,
}: {
  project: string;
  featureGroups: TFeatureGroup[];
}) => {
  const form = useZodForm<typeof ZScheduleFormSchema, TScheduleForm>({
    schema: ZScheduleFormSchema,
    defaultValues: { type: "compact", cron: "0 3 * * *", payload: { featureGroupId: "" }, enabled: true },
  });
  return (
    <FormDialog
      form={form}
      onSubmit={(body) => createSchedule({ project, body })}
      invalidates={[featureStoreKeys.schedules(project)]}
      onOpenChange={(open) => {
        if (open && !form.getValues("payload.featureGroupId"))
          form.setValue("payload.featureGroupId", featureGroups[0]?.id ?? "");
      }}
      trigger={<Button icon={CalendarPlus}>New schedule</Button>}
      title="New schedule"
      description="Run table maintenance for a feature group on a schedule."
      submitLabel="Create schedule"
    >
      <FormField form={form} name="type" label="Job type">
        {(control) => (
          <Select {...control}>
            {Object.entries(SCHEDULE_TYPES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField form={form} name="payload.featureGroupId" label="Feature group">
        {(control) => (
          <Select {...control}>
            {featureGroups.length === 0 && <option value="">No feature groups yet</option>}
            <VersionOptions items={featureGroups} valueOf={(group) => group.id} />
          </Select>
        )}
      </FormField>
      <FormField form={form} name="cron" label="Cron expression" hint={CRON_EXAMPLES}>
        {(control) => <Input {...control} className="font-mono" spellCheck={false} autoComplete="off" />}
      </FormField>
    </FormDialog>
  );
};
