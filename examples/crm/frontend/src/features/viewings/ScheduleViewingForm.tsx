import { useState, type SyntheticEvent } from "react";
import { formText } from "../../forms";
import { useCrmApi } from "../../api/context";
import { ApiError } from "../../api/errors";
import type { Client } from "../../api/types";
import type { ApiData } from "../../api/useApiData";
import { ErrorNotice } from "../../components/ErrorNotice";
import { localInputToIso } from "../../format";

/** Book a viewing of one property for an existing client (`clients` is loaded by the page). */
export function ScheduleViewingForm({ propertyId, clients, onScheduled }: { propertyId: number; clients: ApiData<Client[]>; onScheduled: () => void }) {
  const api = useCrmApi();
  const [error, setError] = useState<ApiError | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const onSubmit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const clientId = Number(data.get("client_id"));
    const scheduledAt = localInputToIso(formText(data, "scheduled_at"));
    setError(null);
    if (!Number.isInteger(clientId) || clientId < 1) {
      setProblem("Choose a client.");
      return;
    }
    if (scheduledAt === null) {
      setProblem("Enter the date and time of the viewing.");
      return;
    }
    setProblem(null);
    setSaving(true);
    try {
      await api.createViewing({ property_id: propertyId, client_id: clientId, scheduled_at: scheduledAt, notes: formText(data, "notes") });
      form.reset();
      onScheduled();
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
      else throw caught;
    } finally {
      setSaving(false);
    }
  };

  if (clients.state === "error") return <ErrorNotice error={clients.error} title="Could not load clients for booking" action="view clients" />;
  return (
    <form
      className="stacked-form"
      aria-label="Schedule a viewing"
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <h3>Schedule a viewing</h3>
      <label>
        Client
        <select name="client_id" defaultValue="" required disabled={clients.state === "loading"}>
          <option value="">Choose a client…</option>
          {clients.state === "ready" &&
            clients.data.map((client) => (
              <option key={client.id} value={client.id}>
                {client.full_name} ({client.email})
              </option>
            ))}
        </select>
      </label>
      <label>
        Date and time (your local time)
        <input name="scheduled_at" type="datetime-local" required />
      </label>
      <label>
        Notes
        <textarea name="notes" maxLength={10000} rows={2} />
      </label>
      {problem && <p role="alert">{problem}</p>}
      {error && <ErrorNotice error={error} title="The viewing was not booked" action="book viewings" focus />}
      <button type="submit" disabled={saving}>
        {saving ? "Booking…" : "Book viewing"}
      </button>
    </form>
  );
}
