"""Site themes: colour and type tokens over one set of semantic templates."""
