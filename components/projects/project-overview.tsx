"use client";

import { ArrowRight } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { projectHref, visibleNavSections } from "@/components/shell/nav-items";
import { Badge } from "@/components/ui/badge";
import { CardBody, Section } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { DescriptionItem } from "@/components/ui/description-item";
import { pluralize } from "@/lib/client/format";
import { ROLE_LABELS } from "@/lib/scopes";
import { FeatureStoreCard } from "./feature-store-card";
import { useCurrentProject } from "./project-context";
import { RoleBadge } from "./role-badge";

export const ProjectOverview = () => {
  const project = useCurrentProject();
  const quickLinks = visibleNavSections(project.scopes).flatMap((section) =>
    section.items.filter((item) => item.segment !== ""),
  );
  // The origin is known only in the browser; render without it first so server and client agree.
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  const curl = `curl -H "Authorization: Bearer $LARDER_API_KEY" \\\n  ${origin}/api/v1/projects/${project.name}`;
  return (
    <>
      <PageHeader
        title={project.name}
        description={project.description || "No description yet."}
        actions={<RoleBadge role={project.role} />}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Section id="quick-links" title="Quick links" description="Where to go next in this project.">
            <ul className="grid divide-y divide-slate-100 sm:grid-cols-2 sm:divide-y-0">
              {quickLinks.map((item) => (
                <li key={item.label}>
                  <Link
                    href={projectHref(project.name, item.segment)}
                    className="group flex h-full gap-3 px-5 py-4 hover:bg-slate-50"
                  >
                    <item.icon className="mt-0.5 size-5 shrink-0 text-brand-600" aria-hidden />
                    <span className="min-w-0 flex-1">
                      <span className="flex items-center gap-1 text-sm font-medium text-slate-900">
                        {item.label}
                        <ArrowRight
                          className="size-3.5 opacity-0 transition-opacity group-hover:opacity-100"
                          aria-hidden
                        />
                      </span>
                      <span className="mt-0.5 block text-sm text-slate-600">{item.description}</span>
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </Section>
          <Section
            id="use-the-api"
            title="Use the API"
            description="Everything in the console is also in the REST API. Create an API key, then:"
          >
            <CardBody>
              <div className="flex items-start gap-2 rounded-md bg-slate-900 p-3">
                <pre
                  tabIndex={0}
                  className="min-w-0 flex-1 overflow-x-auto font-mono text-xs leading-relaxed text-slate-100"
                >
                  {curl}
                </pre>
                <CopyButton value={curl} label="Copy command" />
              </div>
            </CardBody>
          </Section>
        </div>
        <div className="grid content-start gap-6">
          <FeatureStoreCard />
          <Section id="about-project" title="About">
            <CardBody>
              <dl className="space-y-3 text-sm">
                <DescriptionItem term="Your role" className="flex justify-between gap-4" valueClassName="font-medium">
                  {ROLE_LABELS[project.role]}
                </DescriptionItem>
                <DescriptionItem term="Members" className="flex justify-between gap-4">
                  {pluralize(project.memberCount, "member")}
                </DescriptionItem>
                <DescriptionItem term="Created" className="flex justify-between gap-4">
                  <RelativeTime iso={project.createdAt} />
                </DescriptionItem>
                <DescriptionItem
                  term="Project id"
                  className="flex justify-between gap-4"
                  valueClassName="truncate font-mono text-xs"
                >
                  {project.id}
                </DescriptionItem>
                <DescriptionItem term="Your scopes" termClassName="mb-1.5" valueClassName="flex flex-wrap gap-1">
                  {project.scopes.map((scope) => (
                    <Badge key={scope} className="font-mono">
                      {scope}
                    </Badge>
                  ))}
                </DescriptionItem>
              </dl>
            </CardBody>
          </Section>
        </div>
      </div>
    </>
  );
};
