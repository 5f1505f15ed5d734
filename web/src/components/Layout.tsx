// The frame around every signed-in page: brand, navigation by ticket kind, and who is
// signed in (name and role) with sign-out.
import { Building2, CheckSquare, Home as HomeIcon, LogOut, Rocket, ServerCog, Settings, Sprout, Truck } from "lucide-react";
import type { ReactNode } from "react";
import { NavLink } from "react-router";
import type { Kind } from "../api";
import { KIND_SHORT, roleLabel } from "../labels";
import { useSession } from "../session";
import { Bell } from "./Bell";
import { WhatsAppNav } from "../whatsapp/Nav";
import { OutboxBadge } from "../offline/Badge";

const KIND_ICON: Record<Kind, ReactNode> = {
  b2b: <Building2 size={18} aria-hidden="true" />,
  b2c: <Truck size={18} aria-hidden="true" />,
  internal: <ServerCog size={18} aria-hidden="true" />,
};

function initials(name: string) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("");
}

export function Layout({ children }: { children: ReactNode }) {
  const { me, kinds, signOut } = useSession();
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <NavLink to="/" className="brand">
            <span className="brand-mark">
              <Sprout size={20} aria-hidden="true" />
            </span>
            <span className="brand-name">
              ticketd<span className="brand-sub">Fresh produce support</span>
            </span>
          </NavLink>
          <nav className="nav" aria-label="Main">
            <NavLink to="/" end>
              <HomeIcon size={18} aria-hidden="true" />
              <span>Home</span>
            </NavLink>
            {kinds.map((k) => (
              <NavLink key={k} to={`/tickets/${k}`}>
                {KIND_ICON[k]}
                <span>{KIND_SHORT[k]}</span>
              </NavLink>
            ))}
            <WhatsAppNav />
            {(me.role === "developer" || me.role === "reporter") && (
              <NavLink to="/releases">
                <Rocket size={18} aria-hidden="true" />
                <span>Releases</span>
              </NavLink>
            )}
            {(me.role === "manager" || me.role === "admin") && (
              <NavLink to="/approvals">
                <CheckSquare size={18} aria-hidden="true" />
                <span>Approvals</span>
              </NavLink>
            )}
            {(me.role === "manager" || me.role === "admin") && (
              <NavLink to="/settings">
                <Settings size={18} aria-hidden="true" />
                <span>Settings</span>
              </NavLink>
            )}
          </nav>
          <div className="who">
            <OutboxBadge />
            <Bell />
            <span className="avatar" aria-hidden="true">
              {initials(me.name)}
            </span>
            <span className="who-text">
              <span className="who-name" data-testid="user-name">
                {me.name}
              </span>
              <span className="who-role" data-testid="user-role">
                {roleLabel(me.role)}
              </span>
            </span>
            <button type="button" className="btn btn-ghost btn-sm signout" aria-label="Sign out" onClick={() => void signOut()}>
              <LogOut size={16} aria-hidden="true" />
              <span>Sign out</span>
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
