import { useMemo } from "react";
import { useCrmApi } from "../../api/context";
import { useApiData } from "../../api/useApiData";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatPrice, formatStatus } from "../../format";
import { Link } from "../../router";
import { ScheduleViewingForm } from "../viewings/ScheduleViewingForm";
import { ViewingList } from "../viewings/ViewingList";

export function PropertyDetail({ id }: { id: number }) {
  const api = useCrmApi();
  const [property] = useApiData((signal) => api.getProperty(id, signal), [api, id]);
  const [viewings, reloadViewings] = useApiData((signal) => api.listViewings({ property_id: id }, signal), [api, id]);
  const [clients] = useApiData((signal) => api.listClients(undefined, signal), [api]);
  const clientNames = useMemo(() => (clients.state === "ready" ? new Map(clients.data.map((c) => [c.id, c.full_name])) : undefined), [clients]);

  if (property.state === "loading") return <Loading what="property" />;
  if (property.state === "error") return <ErrorNotice error={property.error} title="Could not load this property" action="view properties" />;
  const p = property.data;
  const open = p.status !== "sold" && p.status !== "withdrawn";
  return (
    <article aria-labelledby="property-heading">
      <p>
        <Link to="/properties">← All properties</Link>
      </p>
      <h1 id="property-heading">{p.address_line1}</h1>
      <dl className="facts">
        <dt>Address</dt>
        <dd>{[p.address_line1, p.address_line2, p.city, p.postcode].filter(Boolean).join(", ")}</dd>
        <dt>Type</dt>
        <dd>
          {p.property_type}, {p.bedrooms} bed, {p.bathrooms} bath
        </dd>
        <dt>{p.listing_type === "let" ? "Rent" : "Asking price"}</dt>
        <dd>{formatPrice(p.price_pence, p.listing_type)}</dd>
        <dt>Status</dt>
        <dd>{formatStatus(p.status)}</dd>
      </dl>
      {p.description && <p className="description">{p.description}</p>}
      <h2>Viewings</h2>
      <ViewingList viewings={viewings} show="client" names={clientNames} />
      {open ? (
        <ScheduleViewingForm propertyId={p.id} clients={clients} onScheduled={reloadViewings} />
      ) : (
        <p>This property is {formatStatus(p.status).toLowerCase()}: no new viewings.</p>
      )}
    </article>
  );
}
