"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { fieldErrorOf, MutationForm } from "@/components/ui/mutation-form";
import { Card, CardBody } from "@/components/ui/card";
import { Field, TextField } from "@/components/ui/field";
import { Select, Textarea } from "@/components/ui/input";
import type { TCreateDataSource } from "@/lib/api/data-sources";
import { createDataSource, dataSourceHref, dataSourceKeys } from "@/lib/client/data-sources";

/** Register a data source; the server reads its schema from it before saving anything. */
export const NewDataSourceForm = () => {
  const project = useCurrentProject().name;
  const router = useRouter();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<"postgres" | "file">("postgres");
  const [values, setValues] = useState({
    name: "",
    description: "",
    host: "127.0.0.1",
    port: "5432",
    database: "",
    user: "",
    password: "",
    table: "",
    query: "",
    path: "",
  });
  const set = (key: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));
  const request = (): TCreateDataSource =>
    kind === "postgres"
      ? {
          kind,
          name: values.name,
          description: values.description,
          connection: {
            host: values.host,
            port: Number(values.port),
            database: values.database,
            user: values.user,
            password: values.password,
          },
          ...(values.query.trim() ? { query: values.query } : { table: values.table }),
        }
      : { kind, name: values.name, description: values.description, path: values.path };
  const mutation = useMutation({
    mutationFn: () => createDataSource(project, request()),
    onSuccess: async (source) => {
      await queryClient.invalidateQueries({ queryKey: dataSourceKeys.list(project) });
      router.push(dataSourceHref(project, source.name));
    },
  });
  const fieldError = fieldErrorOf(mutation.error);
  return (
    <>
      <PageHeader
        title="New data source"
        description="Larder connects to it once to read its columns; the password is stored encrypted and never shown again."
      />
      <Card>
        <CardBody>
          <MutationForm mutation={mutation} submitLabel="Create data source">
            <TextField
              label="Name"
              value={values.name}
              onValueChange={set("name")}
              error={fieldError("name")}
              required
            />
            <Field label="Kind">
              {(control) => (
                <Select {...control} value={kind} onValueChange={(value) => setKind(value as "postgres" | "file")}>
                  <option value="postgres">PostgreSQL table or query</option>
                  <option value="file">Parquet or CSV file on the server</option>
                </Select>
              )}
            </Field>
            {kind === "postgres" ? (
              <>
                <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
                  <TextField
                    label="Host"
                    value={values.host}
                    onValueChange={set("host")}
                    error={fieldError("connection.host")}
                  />
                  <TextField
                    label="Port"
                    value={values.port}
                    onValueChange={set("port")}
                    error={fieldError("connection.port")}
                  />
                </div>
                <TextField
                  label="Database"
                  value={values.database}
                  onValueChange={set("database")}
                  error={fieldError("connection.database")}
                />
                <div className="grid gap-4 sm:grid-cols-2">
                  <TextField
                    label="User"
                    value={values.user}
                    onValueChange={set("user")}
                    error={fieldError("connection.user")}
                  />
                  <TextField
                    label="Password"
                    type="password"
                    autoComplete="new-password"
                    value={values.password}
                    onValueChange={set("password")}
                    error={fieldError("connection.password")}
                  />
                </div>
                <TextField
                  label="Table"
                  value={values.table}
                  onValueChange={set("table")}
                  error={fieldError("table")}
                  placeholder="public.transactions"
                  hint="Or give a query below instead."
                />
                <Field label="Query" error={fieldError("query")}>
                  {(control) => (
                    <Textarea {...control} value={values.query} onValueChange={set("query")} className="font-mono" />
                  )}
                </Field>
              </>
            ) : (
              <TextField
                label="Path"
                value={values.path}
                onValueChange={set("path")}
                error={fieldError("path")}
                placeholder="/srv/data/cards.parquet"
                hint="Only files under the directories an administrator allows (LARDER_SOURCE_DIRS)."
              />
            )}
          </MutationForm>
        </CardBody>
      </Card>
    </>
  );
};
