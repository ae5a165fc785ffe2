import { redirect } from "next/navigation";

export default async function ProjectSettingsPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await params;
  redirect(`/projects/${project}/settings/general`);
}
