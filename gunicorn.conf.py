"""gunicorn's settings for Trellis, read from the working directory by `gunicorn config.wsgi`."""

# The longest request line gunicorn reads (its maximum). The API refuses addresses over
# TRELLIS_URL_LIMIT (4 KiB) itself, as documented problem+json; gunicorn's own refusal at its
# default of 4,094 bytes was an HTML page the API's schema could not describe.
limit_request_line = 8190
