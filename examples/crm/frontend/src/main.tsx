import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { createApiClient } from "./api/client";
import { CrmApiProvider } from "./api/context";
import { createCrmApi } from "./api/crm";
import { AuthProvider } from "./auth/context";
import { createAuthSession } from "./auth/session";
import { apiBaseUrl } from "./config";
import { Router } from "./router";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

let baseUrl: string;
try {
  baseUrl = apiBaseUrl();
} catch (error) {
  // A build without VITE_API_BASE_URL: say so on the page instead of leaving it blank.
  createRoot(root).render(
    <main>
      <h1>This build is not configured</h1>
      <p role="alert">{error instanceof Error ? error.message : String(error)}</p>
    </main>,
  );
  throw error;
}

// One session per tab, in memory: the API client reads its token and reports 401s to it.
const session = createAuthSession();
createRoot(root).render(
  <StrictMode>
    <CrmApiProvider api={createCrmApi(createApiClient({ baseUrl, auth: session }))}>
      <AuthProvider session={session}>
        <Router>
          <App />
        </Router>
      </AuthProvider>
    </CrmApiProvider>
  </StrictMode>,
);
