"""The dashboard's shared pieces: translations, sidebar filters, cached data, chart builders."""
