// The customer portal's entry (portal.html): its own bundle, so a home customer on a phone
// never downloads the staff app.  Served by ticketd for every path under /portal.
import "@fontsource-variable/inter";
import "./portal.css";
import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { queryClient } from "../query";
import { PortalApp } from "./PortalApp";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter basename="/portal">
        <PortalApp />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
