"""The dashboard's templates, static files (ECharts vendored under static/vendor) and UI strings."""
