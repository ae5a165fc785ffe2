// next/link outside Next.js (the benchmark's page): a plain anchor.
const Link = ({ href, ...props }: React.ComponentProps<"a"> & { href: string }) => <a href={href} {...props} />;
export default Link;
