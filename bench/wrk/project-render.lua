-- wrk script of bench/api: POST /v1/projects/{id}/renders with an empty body, which a project already
-- rendered answers 200 {already_rendered: true, job}; wrk counts any other answer as non-2xx.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = "{}"
