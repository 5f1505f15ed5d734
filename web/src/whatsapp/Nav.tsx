// The WhatsApp inbox's place in the main navigation: support staff only.
import { MessageCircle } from "lucide-react";
import { NavLink } from "react-router";
import { useSession } from "../session";

export function WhatsAppNav() {
  const { me } = useSession();
  if (me.role !== "agent" && me.role !== "manager" && me.role !== "admin") return null;
  return (
    <NavLink to="/whatsapp">
      <MessageCircle size={18} aria-hidden="true" />
      <span>WhatsApp</span>
    </NavLink>
  );
}
