// A team's name and members, to create or edit it.
import { useState, type FormEvent } from "react";
import type { User } from "../api";
import { Field } from "../components/ui";
import { roleLabel } from "../labels";

export function TeamForm({
  staff,
  initial,
  busy,
  submitLabel,
  onSubmit,
  resetOnSubmit,
}: {
  staff: User[];
  initial: { name: string; members: number[] };
  busy: boolean;
  submitLabel: string;
  onSubmit: (name: string, members: number[]) => void;
  resetOnSubmit?: boolean;
}) {
  const [name, setName] = useState(initial.name);
  const [members, setMembers] = useState<number[]>(initial.members);
  return (
    <form
      className="stack"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit(name.trim(), members);
        if (resetOnSubmit) {
          setName("");
          setMembers([]);
        }
      }}
    >
      <Field label="Team name">{(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
      <fieldset className="checks">
        <legend>Members</legend>
        {staff.map((u) => (
          <label key={u.user_id} className="check">
            <input
              type="checkbox"
              checked={members.includes(u.user_id)}
              onChange={(e) => setMembers(e.target.checked ? [...members, u.user_id] : members.filter((x) => x !== u.user_id))}
            />
            {u.name} <span className="muted small">· {roleLabel(u.role)}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="btn" disabled={busy || !name.trim()}>
        {submitLabel}
      </button>
    </form>
  );
}
