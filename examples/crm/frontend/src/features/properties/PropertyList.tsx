import { useState, type SyntheticEvent } from "react";
import { formText } from "../../forms";
import { useCrmApi } from "../../api/context";
import type { ListingType, PropertyFilters } from "../../api/types";
import { useApiData } from "../../api/useApiData";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatPrice, formatStatus } from "../../format";
import { Link } from "../../router";

/** Parse the filter form; empty fields mean "any". */
export function filtersFromForm(form: FormData): PropertyFilters {
  const filters: PropertyFilters = {};
  const search = formText(form, "search").trim();
  const listing = formText(form, "listing_type");
  const bedrooms = formText(form, "min_bedrooms");
  if (search) filters.search = search;
  if (listing === "sale" || listing === "let") filters.listing_type = listing satisfies ListingType;
  if (/^\d{1,2}$/.test(bedrooms)) filters.min_bedrooms = Number(bedrooms);
  return filters;
}

export function PropertyList() {
  const api = useCrmApi();
  const [filters, setFilters] = useState<PropertyFilters>({});
  const [result] = useApiData((signal) => api.listProperties(filters, signal), [api, filters]);

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFilters(filtersFromForm(new FormData(event.currentTarget)));
  };

  return (
    <section aria-labelledby="properties-heading">
      <h1 id="properties-heading">Properties</h1>
      <form className="filters" onSubmit={onSubmit} role="search" aria-label="Filter properties">
        <label>
          Address, city or postcode
          <input name="search" type="search" maxLength={100} />
        </label>
        <label>
          Listing
          <select name="listing_type" defaultValue="">
            <option value="">Sale or let</option>
            <option value="sale">For sale</option>
            <option value="let">To let</option>
          </select>
        </label>
        <label>
          Min. bedrooms
          <input name="min_bedrooms" type="number" min={0} max={50} />
        </label>
        <button type="submit">Search</button>
      </form>
      {result.state === "loading" && <Loading what="properties" />}
      {result.state === "error" && <ErrorNotice error={result.error} title="Could not load properties" action="view properties" />}
      {result.state === "ready" &&
        (result.data.length === 0 ? (
          <p>No properties match.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">City</th>
                <th scope="col">Bedrooms</th>
                <th scope="col">Price</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {result.data.map((property) => (
                <tr key={property.id}>
                  <td>
                    <Link to={`/properties/${property.id}`}>{property.address_line1}</Link>
                  </td>
                  <td>{property.city}</td>
                  <td>{property.bedrooms}</td>
                  <td>{formatPrice(property.price_pence, property.listing_type)}</td>
                  <td>{formatStatus(property.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
