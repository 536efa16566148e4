"""All that speaks MkDocs: settings as config options, the files the series adds, one
class per generated page kind, and the site checks shared with `episodes check`."""
