"""Cross-cutting web concerns: error mapping, security headers, proxies, i18n, template filters."""
