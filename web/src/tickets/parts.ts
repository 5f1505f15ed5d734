// The ticket page's sections, in one chunk of their own (sections.tsx loads it): the page's
// head, description and actions render without them, and a phone loads them after the page is
// shown, for the sections it opens.
export { PlanCard } from "../components/Releases";
export { BatchCard } from "../trace/BatchCard";
export { InvestigationActions } from "../trace/InvestigationActions";
export { Communications } from "./Communications";
export { DeskActions } from "./DeskActions";
export { Postings } from "./Postings";
export { Details } from "./Details";
export { Gallery } from "./Gallery";
export { OrderContextCard } from "./OrderContext";
export { PeopleAndDates } from "./PeopleAndDates";
export { PolicyException } from "./PolicyException";
export { ReplyCard } from "./ReplyCard";
export { SlaCard } from "./SlaCard";
export { Timeline } from "./Timeline";
