import { createContext, useContext, type ReactNode } from "react";
import type { CrmApi } from "./crm";

const CrmApiContext = createContext<CrmApi | null>(null);

export function CrmApiProvider({ api, children }: { api: CrmApi; children: ReactNode }) {
  return <CrmApiContext.Provider value={api}>{children}</CrmApiContext.Provider>;
}

/** The CRM API of the nearest provider; components never build their own client. */
export function useCrmApi(): CrmApi {
  const api = useContext(CrmApiContext);
  if (!api) throw new Error("useCrmApi must be used inside <CrmApiProvider>");
  return api;
}
