import { useState, type SyntheticEvent } from "react";
import { formText } from "../../forms";
import { useCrmApi } from "../../api/context";
import { useApiData } from "../../api/useApiData";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { Link } from "../../router";

export function ClientList({ justDeleted = false }: { justDeleted?: boolean }) {
  const api = useCrmApi();
  const [search, setSearch] = useState("");
  const [result] = useApiData((signal) => api.listClients(search, signal), [api, search]);

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSearch(formText(new FormData(event.currentTarget), "search"));
  };

  return (
    <section aria-labelledby="clients-heading">
      <h1 id="clients-heading">Clients</h1>
      {justDeleted && (
        <p role="status" className="notice">
          Client deleted.
        </p>
      )}
      <p>
        <Link to="/clients/new" className="button">
          New client
        </Link>
      </p>
      <form className="filters" onSubmit={onSubmit} role="search" aria-label="Search clients">
        <label>
          Name or e-mail
          <input name="search" type="search" maxLength={100} />
        </label>
        <button type="submit">Search</button>
      </form>
      {result.state === "loading" && <Loading what="clients" />}
      {result.state === "error" && <ErrorNotice error={result.error} title="Could not load clients" action="view clients" />}
      {result.state === "ready" &&
        (result.data.length === 0 ? (
          <p>No clients found.</p>
        ) : (
          <table className="data-table" aria-label="Clients">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Phone</th>
              </tr>
            </thead>
            <tbody>
              {result.data.map((client) => (
                <tr key={client.id}>
                  <td>
                    <Link to={`/clients/${client.id}`}>{client.full_name}</Link>
                  </td>
                  <td>{client.email}</td>
                  <td>{client.phone ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
