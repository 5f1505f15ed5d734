import { ArrowLeft } from "lucide-react";

export function Back() {
  return (
    <button type="button" className="back linklike" onClick={() => history.back()}>
      <ArrowLeft size={16} aria-hidden="true" /> Back
    </button>
  );
}
