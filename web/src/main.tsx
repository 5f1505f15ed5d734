import "./fonts.css";
import "./styles.css";
import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode, startTransition } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App, preloadOpeningScreen } from "./App";
import { queryClient } from "./query";
import "./offline/register";

// The first render, and (session.tsx) the one when the session arrives, are transitions: React
// renders them in slices and lets the browser in between, instead of one long task that holds
// a phone's main thread.
const root = createRoot(document.getElementById("root")!);
startTransition(() =>
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  ),
);
requestAnimationFrame(() => setTimeout(preloadOpeningScreen, 0));
