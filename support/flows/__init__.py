"""The flow builder's server side: a feature file as a typed Flow, the step catalog with typed
parameter fields, validation like ``behave --dry-run``, saved-value dependencies and saving into
features/. Pure (no web code): the dashboard's flow pages (support/dashboard/pages/flows.py) call it."""
