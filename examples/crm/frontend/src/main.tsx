import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { createApiClient } from "./api/client";
import { CrmApiProvider } from "./api/context";
import { createCrmApi } from "./api/crm";
import { apiBaseUrl } from "./config";
import { Router } from "./router";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

const api = createCrmApi(createApiClient({ baseUrl: apiBaseUrl() }));
createRoot(root).render(
  <StrictMode>
    <CrmApiProvider api={api}>
      <Router>
        <App />
      </Router>
    </CrmApiProvider>
  </StrictMode>,
);
