import { type ReactNode, useState } from "react";

/**
 * A closed `<details>` whose content mounts only once opened (and unmounts when closed): what it shows is
 * read and drawn on demand — the charts' library and rows, the search's rows — so the page itself stays as
 * light as before for whoever never opens it.
 */
export function Disclosure({
  summary,
  className,
  children,
}: {
  summary: string;
  className?: string;
  children: () => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <details className={className} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary}</summary>
      {open ? children() : null}
    </details>
  );
}
