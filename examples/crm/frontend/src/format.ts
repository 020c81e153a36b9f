import type { ListingType, PropertyStatus, ViewingStatus } from "./api/types";

const gbp = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });

/** Asking price for a sale, monthly rent for a let (the API stores both in pence). */
export function formatPrice(pricePence: number, listingType: ListingType): string {
  const amount = gbp.format(pricePence / 100);
  return listingType === "let" ? `${amount} pcm` : amount;
}

const STATUS_LABELS: Record<PropertyStatus | ViewingStatus, string> = {
  available: "Available",
  under_offer: "Under offer",
  sold: "Sold",
  let_agreed: "Let agreed",
  let: "Let",
  withdrawn: "Withdrawn",
  scheduled: "Scheduled",
  completed: "Completed",
  cancelled: "Cancelled",
  no_show: "No show",
};

export function formatStatus(status: PropertyStatus | ViewingStatus): string {
  return STATUS_LABELS[status];
}

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/London" });

/** Viewing times shown in UK time, whatever the browser's zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** `<input type="datetime-local">` value (browser wall-clock, no zone) → UTC ISO, as the API requires an aware time. */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
