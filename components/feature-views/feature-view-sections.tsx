import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { CardBody, Section } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { ColumnList } from "@/components/ui/code-chip";
import type { TFeatureView, TFilter } from "@/lib/api/feature-views";
import { featureGroupHref } from "@/lib/client/feature-store";
import { pluralize } from "@/lib/client/format";
import { TRANSFORMATION_LABELS } from "./builder/columns-editor";
import { filterText } from "./filter-text";

/** Every output column in order, with the group and column it comes from and what the view does to it. */
export const FeaturesSection = ({ project, view }: { project: string; view: TFeatureView }) => (
  <Section
    id="fv-features"
    title="Features"
    description={`${pluralize(view.features.length, "output column")}, in order.`}
  >
    <Table caption={`Features of ${view.name}`} columns={["Name", "Type", "Source", "Role", "Transformation"]}>
      <TableBody>
        {view.features.map((feature) => (
          <TableRow key={feature.name}>
            <TableCell className="font-mono text-xs font-medium text-slate-900">{feature.name}</TableCell>
            <TableCell className="text-xs text-slate-700">{feature.type}</TableCell>
            <TableCell className="text-xs">
              {feature.featureGroup ? (
                <Link
                  href={featureGroupHref(project, feature.featureGroup.name, feature.featureGroup.version)}
                  className="font-mono text-slate-800 hover:text-brand-700 hover:underline"
                >
                  {feature.featureGroup.name} v{feature.featureGroup.version}
                  {feature.sourceFeature && feature.sourceFeature !== feature.name ? `.${feature.sourceFeature}` : ""}
                </Link>
              ) : feature.onDemandExpression ? (
                <span>
                  <span className="text-slate-600">on demand: </span>
                  <code className="font-mono text-slate-800">{feature.onDemandExpression}</code>
                </span>
              ) : (
                <span className="text-slate-500">—</span>
              )}
            </TableCell>
            <TableCell>
              <span className="flex flex-wrap gap-1">
                {feature.isServingKey && <Badge tone="warning">serving key</Badge>}
                {feature.isLabel && <Badge tone="violet">label</Badge>}
                {feature.trainingOnly && <Badge>training only</Badge>}
                {feature.inferenceOnly && <Badge>inference only</Badge>}
              </span>
            </TableCell>
            <TableCell className="text-xs text-slate-700">
              {feature.transformation ? TRANSFORMATION_LABELS[feature.transformation] : "—"}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </Section>
);

const Term = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <div className="grid gap-1">
    <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
    <dd className="text-sm text-slate-900">{children}</dd>
  </div>
);

/** Serving keys, labels, filter, transformations, request parameters and on-demand expressions. */
export const DefinitionSection = ({ view }: { view: TFeatureView }) => (
  <Section id="fv-definition" title="Definition">
    <CardBody>
      <dl className="grid gap-5 sm:grid-cols-2">
        <Term label="Serving keys">
          <ColumnList names={view.servingKeys.map((key) => key.name)} />
          <p className="mt-1 text-xs text-slate-600">
            What an online request passes: the primary key of {view.root.featureGroup.name}.
          </p>
        </Term>
        <Term label="Labels">
          <ColumnList names={view.labels} empty="None" />
        </Term>
        <Term label="Filter">
          {view.filter ? (
            <code className="font-mono text-xs">{filterText(view.filter as TFilter)}</code>
          ) : (
            <span className="text-slate-500">None: every row is kept</span>
          )}
        </Term>
        <Term label="Transformations">
          {view.transformations.length === 0 ? (
            <span className="text-slate-500">None</span>
          ) : (
            <ul className="grid gap-0.5">
              {view.transformations.map((transformation) => (
                <li key={transformation.feature} className="text-xs">
                  <span className="font-mono">{transformation.feature}</span>{" "}
                  <span className="text-slate-600">→ {TRANSFORMATION_LABELS[transformation.type]}</span>
                </li>
              ))}
            </ul>
          )}
        </Term>
        <Term label="Root event time">
          <span className="font-mono text-xs">{view.root.eventTime ?? "—"}</span>
        </Term>
        <Term label="Request parameters">
          <ColumnList
            names={view.requestParameters.map((parameter) => `${parameter.name}: ${parameter.type}`)}
            empty="None"
          />
        </Term>
      </dl>
      {view.onDemandFeatures.length > 0 && (
        <section aria-labelledby="fv-on-demand" className="mt-6">
          <h3 id="fv-on-demand" className="mb-2 text-xs font-medium uppercase tracking-wide text-slate-600">
            On-demand features
          </h3>
          <ul className="grid gap-2">
            {view.onDemandFeatures.map((feature) => (
              <li key={feature.name} className="rounded-md border border-slate-200 px-3 py-2 text-sm">
                <span className="font-mono font-medium">{feature.name}</span>{" "}
                <span className="text-xs text-slate-600">{feature.type}</span>
                <code className="mt-1 block rounded bg-slate-50 px-2 py-1 font-mono text-xs text-slate-800">
                  {feature.expression}
                </code>
                {feature.description && <p className="mt-1 text-xs text-slate-600">{feature.description}</p>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </CardBody>
  </Section>
);
