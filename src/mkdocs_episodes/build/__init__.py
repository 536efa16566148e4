"""Build machinery that knows nothing of MkDocs: workers, Pagefind, the post-build steps,
the HTML reader, page weights, images, the template cache, the site's atomic swap."""
