import { useMemo } from "react";
import { useCrmApi } from "../../api/context";
import { useApiData } from "../../api/useApiData";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatDateTime } from "../../format";
import { Link } from "../../router";
import { ViewingList } from "../viewings/ViewingList";
import { DeleteClient } from "./DeleteClient";

export function ClientDetail({ id, justCreated = false, justUpdated = false }: { id: number; justCreated?: boolean; justUpdated?: boolean }) {
  const api = useCrmApi();
  const [client, reloadClient] = useApiData((signal) => api.getClient(id, signal), [api, id]);
  const [viewings] = useApiData((signal) => api.listViewings({ client_id: id }, signal), [api, id]);
  const [properties] = useApiData((signal) => api.listProperties({}, signal), [api]);
  const addresses = useMemo(
    () => (properties.state === "ready" ? new Map(properties.data.map((p) => [p.id, `${p.address_line1}, ${p.city}`])) : undefined),
    [properties],
  );

  if (client.state === "loading") return <Loading what="client" />;
  if (client.state === "error") return <ErrorNotice error={client.error} title="Could not load this client" action="view clients" />;
  const c = client.data;
  return (
    <article aria-labelledby="client-heading">
      <p>
        <Link to="/clients">← All clients</Link>
      </p>
      {justCreated && (
        <p role="status" className="notice">
          Client created.
        </p>
      )}
      {justUpdated && (
        <p role="status" className="notice">
          Changes saved.
        </p>
      )}
      <h1 id="client-heading">{c.full_name}</h1>
      <dl className="facts">
        <dt>E-mail</dt>
        <dd>{c.email}</dd>
        <dt>Phone</dt>
        <dd>{c.phone ?? "—"}</dd>
        <dt>Client since</dt>
        <dd>{formatDateTime(c.created_at)}</dd>
      </dl>
      {c.notes && <p className="notes">{c.notes}</p>}
      <p className="actions">
        <Link to={`/clients/${c.id}/edit`} className="button">
          Edit client
        </Link>
      </p>
      <h2>Viewings</h2>
      <ViewingList viewings={viewings} show="property" names={addresses} />
      <DeleteClient key={client.etag ?? client.requestId} client={c} etag={client.etag} onReload={reloadClient} />
    </article>
  );
}
