import type { Viewing } from "../../api/types";
import type { ApiData } from "../../api/useApiData";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatDateTime, formatStatus } from "../../format";
import { Link } from "../../router";

/**
 * Viewings of one property (links to clients) or of one client (links to properties).
 * `names` maps the linked ids to client names or property addresses; unknown ids show as "#id".
 */
export function ViewingList({ viewings, show, names }: { viewings: ApiData<Viewing[]>; show: "client" | "property"; names?: ReadonlyMap<number, string> | undefined }) {
  if (viewings.state === "loading") return <Loading what="viewings" />;
  if (viewings.state === "error") return <ErrorNotice error={viewings.error} title="Could not load viewings" action="view viewings" />;
  if (viewings.data.length === 0) return <p>No viewings yet.</p>;
  return (
    <table className="data-table" aria-label="Viewings">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">{show === "client" ? "Client" : "Property"}</th>
          <th scope="col">Status</th>
          <th scope="col">Notes</th>
        </tr>
      </thead>
      <tbody>
        {viewings.data.map((viewing) => (
          <tr key={viewing.id}>
            <td>{formatDateTime(viewing.scheduled_at)}</td>
            <td>
              {show === "client" ? (
                <Link to={`/clients/${viewing.client_id}`}>{names?.get(viewing.client_id) ?? `Client #${viewing.client_id}`}</Link>
              ) : (
                <Link to={`/properties/${viewing.property_id}`}>{names?.get(viewing.property_id) ?? `Property #${viewing.property_id}`}</Link>
              )}
            </td>
            <td>{formatStatus(viewing.status)}</td>
            <td>{viewing.notes}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
