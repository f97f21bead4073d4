"""The casework web app: FastAPI with server-rendered Jinja2 pages (``create_app``)."""
