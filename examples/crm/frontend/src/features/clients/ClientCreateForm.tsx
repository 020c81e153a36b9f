import { useCrmApi } from "../../api/context";
import { useFormDraft } from "../../auth/context";
import { ClientForm } from "./ClientForm";

/** /clients/new: the new client's page opens once it is saved. */
export function ClientCreateForm() {
  const api = useCrmApi();
  const draft = useFormDraft("client-new");
  return (
    <section aria-labelledby="new-client-heading">
      <h1 id="new-client-heading">New client</h1>
      <ClientForm
        label="New client"
        draft={draft}
        restoredNotice="Your unsaved input is back: check it and create the client."
        submitLabel="Create client"
        refusalNotice={{ title: "The client was not saved", action: "create clients" }}
        save={async (body) => {
          const created = await api.createClient(body);
          return `/clients/${created.data.id}?created=1`;
        }}
      />
    </section>
  );
}
