// Settings for managers and admins: the page lists its sections, each a file of settings/
// (one section, its data and its form).  A new section is one line in SECTIONS.
import { Fragment, type ReactNode } from "react";
import { useSession, useTitle } from "../session";
import { ComplaintsSection } from "../settings/ComplaintsSection";
import { SlaSection } from "../settings/SlaSection";
import { SmtpSection } from "../settings/SmtpSection";
import { TeamsSection } from "../settings/TeamsSection";
import { TemplatesSection } from "../settings/TemplatesSection";
import { UsersSection } from "../settings/UsersSection";
import { WorkflowSection } from "../settings/WorkflowSection";
import { IntegrationsSection } from "../settings/IntegrationsSection";
import { PatternsSection } from "../settings/PatternsSection";
import { WhatsAppSection } from "../settings/WhatsAppSection";
import { AccessSection } from "../settings/AccessSection";

/** The settings page's sections, in order: `adminOnly` ones are shown to admins alone;
 *  `render` gets whether the reader is an admin (managers read some sections only). */
export const SECTIONS: { key: string; adminOnly?: boolean; render: (admin: boolean) => ReactNode }[] = [
  { key: "users", render: (admin) => <UsersSection admin={admin} /> },
  { key: "teams", render: () => <TeamsSection /> },
  { key: "sla", render: (admin) => <SlaSection admin={admin} /> },
  { key: "workflow", render: (admin) => <WorkflowSection admin={admin} /> },
  { key: "complaints", render: () => <ComplaintsSection /> },
  { key: "patterns", render: () => <PatternsSection /> },
  { key: "templates", render: () => <TemplatesSection /> },
  { key: "smtp", adminOnly: true, render: () => <SmtpSection /> },
  { key: "integrations", adminOnly: true, render: () => <IntegrationsSection /> },
  { key: "whatsapp", adminOnly: true, render: () => <WhatsAppSection /> },
  { key: "access", render: (admin) => <AccessSection admin={admin} /> },
];

export function Settings() {
  const { me } = useSession();
  useTitle("Settings");
  const admin = me.role === "admin";
  return (
    <div className="settings">
      <div className="page-head">
        <div>
          <p className="eyebrow">{admin ? "Admin" : "Manager"}</p>
          <h1>Settings</h1>
          <p className="muted">
            {admin
              ? "How tickets are timed, approved, routed and answered."
              : "Users, teams, complaint rules and reply templates; SLA and workflow are shown for reference (admins change them)."}
          </p>
        </div>
      </div>
      <div className="settings-grid">
        {SECTIONS.filter((s) => admin || !s.adminOnly).map((s) => (
          <Fragment key={s.key}>{s.render(admin)}</Fragment>
        ))}
      </div>
    </div>
  );
}
