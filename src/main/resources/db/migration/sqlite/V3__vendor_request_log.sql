-- When requests were sent to each vendor endpoint class: a restarted process reads the last period of it, so it
-- does not burst into a window the vendor still counts. Only the recent past is kept.
CREATE TABLE vendor_request_log (
  endpoint  TEXT NOT NULL,
  sent_at   TEXT NOT NULL
);
CREATE INDEX idx_vendor_request_log ON vendor_request_log (endpoint, sent_at);
