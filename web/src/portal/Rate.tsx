// The satisfaction survey's page (/portal/rate#t=TOKEN, sent when a request closes): works
// without signing in, once.
import { useMemo } from "react";
import { ApiError, hashToken, post, type Survey, type SurveyInfo } from "./api";
import { Banner, Spinner, errorText, useTitle } from "./ui";
import { RateForm } from "./TicketPage";
import { useQuery } from "@tanstack/react-query";

/** Reads the survey (a POST that changes nothing: the token stays out of addresses and
 *  logs).  Not through api(), which tells the data layer a write happened after each POST. */
async function readSurvey(token: string): Promise<SurveyInfo> {
  const res = await fetch("/api/portal/survey", {
    method: "POST",
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify({ token }),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok)
    throw new ApiError(res.status, data?.error?.code ?? "http", data?.error?.message ?? "This survey link does not work.", data?.error?.field ?? null);
  return data as SurveyInfo;
}

export default function Rate() {
  useTitle("How did we do?");
  const token = useMemo(hashToken, []);
  // The survey is read with its token in the body (POST), never in an address.
  const q = useQuery({ queryKey: ["portal-survey", token], queryFn: () => readSurvey(token), retry: false, staleTime: Infinity });
  if (q.isPending) return <Spinner />;
  if (q.error) return <Banner>{errorText(q.error)}</Banner>;
  const s = q.data!;
  return (
    <div className="p-card" data-testid="rate-page">
      <h1>How did we do?</h1>
      <p>
        Your request <strong className="p-mono">{s.number}</strong>
        {s.title ? ` (${s.title})` : ""} is closed. Please rate how we handled it.
      </p>
      <RateForm
        done={s.answered ? s : null}
        onRate={(rating, comment) => post<Survey>("/api/portal/survey/answer", { token, rating, comment: comment || null })}
      />
    </div>
  );
}
