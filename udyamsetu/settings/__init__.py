"""Settings modules: `base` (development and demo), `test`, `production`.

The `udyamsetu` command picks `production` when `UDYAMSETU_ENV=production`, else `base`.
"""
