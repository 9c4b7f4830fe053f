"""Stage 8: check the merged model, then publish it (Hub, GGUF via `merging.gguf`)."""
