"use client";

import { type QueryKey, useQuery } from "@tanstack/react-query";
import { useCurrentProject } from "@/components/projects/project-context";
import type { TVersionRef } from "@/lib/client/api";
import { DetailPage } from "./detail-page";
import { useVersionParams } from "./use-version-params";

/**
 * The page of one version of a versioned object (…/{name}/{version}: a feature group, a feature view, a training
 * dataset): loads it, and says "<kind> not found" for a version the API does not know (or a version that is no
 * number, without asking the API).
 */
export const VersionedDetailPage = <TData,>({
  kind,
  queryKey,
  queryFn,
  refetchInterval,
  listHref,
  notFoundBackLabel = `Back to ${kind.toLowerCase()}s`,
  children,
}: {
  /** What the object is, capitalised ("Feature view"); it names the way back, the not-found and loading states. */
  kind: string;
  queryKey: (project: string, name: string, version: number) => QueryKey;
  queryFn: (ref: TVersionRef) => Promise<TData>;
  /** Keep refreshing while the loaded object is still changing (a dataset being made). */
  refetchInterval?: (data: TData) => number | false;
  /** The list the page is reached from ("Feature views"). */
  listHref: string;
  notFoundBackLabel?: string;
  children: (data: TData) => React.ReactNode;
}) => {
  const project = useCurrentProject().name;
  const { name, version, isValid, notFound } = useVersionParams({ project, kind });
  const ref = { project, name, version };
  const query = useQuery({
    queryKey: queryKey(project, name, version),
    queryFn: () => queryFn(ref),
    enabled: isValid,
    refetchInterval: (current) => (refetchInterval && current.state.data ? refetchInterval(current.state.data) : false),
  });
  return (
    <DetailPage
      query={query}
      back={{ href: listHref, label: `${kind}s` }}
      notFound={notFound(notFoundBackLabel)}
      loadingLabel={`Loading ${kind.toLowerCase()}`}
    >
      {children}
    </DetailPage>
  );
};
