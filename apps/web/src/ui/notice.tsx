import type { ReactNode } from "react";

type Tone = "info" | "warning" | "danger";

interface NoticeProps {
  tone?: Tone;
  title?: string;
  children?: ReactNode;
  /** Buttons under the text. */
  actions?: ReactNode;
  /**
   * `alert` for errors that appear after a user's action (announced at once); `status` for progress and
   * results; none for what is on the page from the start.
   */
  role?: "alert" | "status";
}

/** A boxed message: an error, a warning or a note, with optional actions. */
export function Notice({ tone = "info", title, children, actions, role }: NoticeProps) {
  return (
    <div className={`notice notice-${tone}`} role={role}>
      {title ? <p className="notice-title">{title}</p> : null}
      {children ? <div className="notice-body">{children}</div> : null}
      {actions ? <div className="actions">{actions}</div> : null}
    </div>
  );
}
