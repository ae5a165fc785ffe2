"use client";

import { Plus, Trash2 } from "lucide-react";
import { useFieldArray, type Path, type UseFieldArrayReturn } from "react-hook-form";
import { Button, IconButton } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { useZodForm, type TZodForm } from "@/components/ui/use-zod-form";
import { TAG_FIELD_TYPES, ZCreateTagSchemaSchema, type TCreateTagSchema, type TTagSchema } from "@/lib/api/tags";
import { createTagSchema, tagKeys } from "@/lib/client/tags";

// Defining a tag schema, or the next version of one (docs/tags.md): its name and its fields. An enum field's values
// are typed as a comma-separated list; the request is checked by the API's own schema before it is sent.

type TFieldRow = { name: string; type: (typeof TAG_FIELD_TYPES)[number]; required: boolean; values: string };
type TValues = { name: string; description: string; fields: TFieldRow[] };

const EMPTY_FIELD: TFieldRow = { name: "", type: "string", required: false, values: "" };

const toRequest = (values: TValues): TCreateTagSchema => ({
  name: values.name.trim(),
  description: values.description,
  fields: values.fields.map(({ values: list, ...field }) => {
    const items = list
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
    return { ...field, name: field.name.trim(), ...(items.length ? { values: items } : {}) };
  }),
});

const toValues = (schema?: TTagSchema): TValues => ({
  name: schema?.name ?? "",
  description: schema?.description ?? "",
  fields: schema
    ? schema.fields.map((field) => ({
        name: field.name,
        type: field.type,
        required: field.required ?? false,
        values: (field.values ?? []).join(", "),
      }))
    : [EMPTY_FIELD],
});

const FieldRow = ({
  form,
  rows,
  index,
}: {
  form: TZodForm<TValues, unknown>;
  rows: UseFieldArrayReturn<TValues, "fields">;
  index: number;
}) => {
  const at = (key: keyof TFieldRow) => `fields.${index}.${key}` as Path<TValues>;
  return (
    <fieldset className="grid grid-cols-[1fr_8rem_1fr_auto] items-start gap-2 rounded-md border border-slate-200 p-2">
      <legend className="sr-only">Field {index + 1}</legend>
      <FormField form={form} name={at("name")} label={`Field ${index + 1} name`}>
        {(control) => <Input {...control} placeholder="category" />}
      </FormField>
      <FormField form={form} name={at("type")} label="Type">
        {(control) => (
          <Select {...control}>
            {TAG_FIELD_TYPES.map((type) => (
              <option key={type}>{type}</option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField form={form} name={at("values")} label="Enum values" hint="Comma-separated, enum fields only">
        {(control) => <Input {...control} placeholder="email, phone" />}
      </FormField>
      <div className="grid gap-2 pt-6">
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" className="size-4 accent-brand-600" {...form.register(at("required"))} />
          Required
        </label>
        {rows.fields.length > 1 && (
          <IconButton icon={Trash2} label={`Remove field ${index + 1}`} onClick={() => rows.remove(index)} />
        )}
      </div>
    </fieldset>
  );
};

/** Create a schema (no `from`) or the next version of `from`, prefilled with its fields. */
export const TagSchemaDialog = ({ from }: { from?: TTagSchema }) => {
  const form = useZodForm<typeof ZCreateTagSchemaSchema, TValues>({
    schema: ZCreateTagSchemaSchema,
    defaultValues: toValues(from),
    toRequest,
  });
  const fields = useFieldArray({ control: form.control, name: "fields" });
  return (
    <FormDialog
      form={form}
      onSubmit={createTagSchema}
      invalidates={[tagKeys.schemas]}
      trigger={
        from ? (
          <Button variant="secondary" size="sm">
            New version of {from.name}
          </Button>
        ) : (
          <Button icon={Plus}>Create tag schema</Button>
        )
      }
      title={from ? `New version of ${from.name}` : "Create tag schema"}
      description="A version never changes once created; tags keep the version they were written with."
      submitLabel={from ? "Create version" : "Create schema"}
      className="max-w-3xl"
    >
      {!from && (
        <FormField form={form} name="name" label="Name" hint="Lowercase letters, digits and underscores">
          {(control) => <Input {...control} placeholder="quality" />}
        </FormField>
      )}
      <FormField form={form} name="description" label="Description">
        {(control) => <Input {...control} />}
      </FormField>
      {fields.fields.map((field, index) => (
        <FieldRow key={field.id} form={form} rows={fields} index={index} />
      ))}
      <Button type="button" variant="secondary" icon={Plus} onClick={() => fields.append(EMPTY_FIELD)}>
        Add field
      </Button>
    </FormDialog>
  );
};
