// A sign-in link (/portal/link#t=TOKEN): the token is sent once, then the deliveries open.
import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { hashToken, post, type Me } from "./api";
import { Banner, Spinner, errorText, useTitle } from "./ui";

export default function LinkSignIn() {
  useTitle("Signing in");
  const qc = useQueryClient();
  const [err, setErr] = useState<unknown>(null);
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return; // once, also under StrictMode's double effects
    sent.current = true;
    const token = hashToken();
    history.replaceState(null, "", "/portal/link"); // the token leaves the address bar
    post<{ me: Me }>("/api/portal/auth/link", { token })
      .then((r) => {
        qc.setQueryData(["api", "portal", "me"], r.me);
        window.location.replace("/portal/");
      })
      .catch(setErr);
  }, [qc]);
  if (!err) return <Spinner label="Signing you in…" />;
  return (
    <div className="p-card">
      <Banner>{errorText(err)}</Banner>
      <Link className="p-btn" to="/">
        Sign in with a code instead
      </Link>
    </div>
  );
}
